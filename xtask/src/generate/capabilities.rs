//! `generated_capabilities.rs`: which OCP versions have each operation and each versioned field,
//! from the spec's `x-ocp-since` / `x-ocp-until` (see spec/README.md, "Versions"). The client
//! checks a call against it before sending; the GUI and `ocpctl` ask it what to offer.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::spec::{Error, OcpVersion, Spec, versioned_fields};

fn version_tokens(v: OcpVersion) -> TokenStream {
    let (major, minor, patch) = (v.major, v.minor, v.patch);
    quote!(crate::version::Version::new(#major, #minor, #patch))
}

fn optional(v: Option<OcpVersion>) -> TokenStream {
    match v {
        Some(v) => {
            let v = version_tokens(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

pub fn table(spec: &Spec) -> Result<TokenStream, Error> {
    let mut ops = Vec::new();
    for op in spec.operations() {
        let id = op
            .id()
            .ok_or_else(|| format!("{} has no operationId", op.label()))?;
        let since = op
            .since()?
            .ok_or_else(|| format!("{id}: no x-ocp-since (every operation needs one)"))?;
        let until = op.until()?;
        ops.push((
            id.to_owned(),
            op.method.to_uppercase(),
            op.path.to_owned(),
            since,
            until,
        ));
    }
    ops.sort_by(|a, b| a.0.cmp(&b.0));
    let fields = versioned_fields(spec)?;
    let mut versions: Vec<OcpVersion> = ops
        .iter()
        .flat_map(|o| [Some(o.3), o.4])
        .chain(fields.iter().flat_map(|f| [f.since, f.until]))
        .flatten()
        .collect();
    versions.sort();
    versions.dedup();

    let variants: Vec<_> = ops
        .iter()
        .map(|o| format_ident!("{}", o.0.to_upper_camel_case()))
        .collect();
    let ids: Vec<&str> = ops.iter().map(|o| o.0.as_str()).collect();
    // progenitor's `OperationInfo::operation_id` is the snake_case method name.
    let snake_ids: Vec<String> = ops.iter().map(|o| o.0.to_snake_case()).collect();
    let methods: Vec<&str> = ops.iter().map(|o| o.1.as_str()).collect();
    let paths: Vec<&str> = ops.iter().map(|o| o.2.as_str()).collect();
    let since: Vec<_> = ops.iter().map(|o| version_tokens(o.3)).collect();
    let until: Vec<_> = ops.iter().map(|o| optional(o.4)).collect();
    let docs: Vec<String> = ops
        .iter()
        .map(|o| {
            let mut d = format!("`{}` — `{} {}`, since OCP {}", o.0, o.1, o.2, o.3);
            if let Some(u) = o.4 {
                d.push_str(&format!(", until OCP {u}"));
            }
            d
        })
        .collect();
    let known: Vec<_> = versions.iter().map(|v| version_tokens(*v)).collect();
    let field_rows = fields.iter().map(|f| {
        let (schema, property) = (&f.schema, &f.property);
        let since = optional(f.since);
        let until = optional(f.until);
        quote! {
            FieldVersions { schema: #schema, property: #property, since: #since, until: #until }
        }
    });
    Ok(quote! {
        //! Which OCP versions have each operation and each versioned field, from the spec's
        //! `x-ocp-since` / `x-ocp-until`.

        /// An operation of the spec, by its operationId.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operation {
            #( #[doc = #docs] #variants, )*
        }

        impl Operation {
            /// Every operation, sorted by operationId.
            pub const ALL: &'static [Operation] = &[ #( Operation::#variants ),* ];

            /// The spec's operationId.
            pub fn id(self) -> &'static str {
                match self { #( Operation::#variants => #ids, )* }
            }

            /// The operation with this operationId (`backupTenantNow`), or with this name of
            /// its client method (`backup_tenant_now`, what progenitor's `OperationInfo` carries).
            pub fn from_id(id: &str) -> ::std::option::Option<Operation> {
                match id { #( #ids | #snake_ids => Some(Operation::#variants), )* _ => None }
            }

            /// Upper-case HTTP method.
            pub fn method(self) -> &'static str {
                match self { #( Operation::#variants => #methods, )* }
            }

            /// Path template, with `{name}` for path parameters.
            pub fn path(self) -> &'static str {
                match self { #( Operation::#variants => #paths, )* }
            }

            /// The first OCP version whose docs show the operation.
            pub fn since(self) -> crate::version::Version {
                match self { #( Operation::#variants => #since, )* }
            }

            /// The first OCP version whose docs no longer show it, if one does not.
            pub fn until(self) -> ::std::option::Option<crate::version::Version> {
                match self { #( Operation::#variants => #until, )* }
            }
        }

        impl ::std::fmt::Display for Operation {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }

        /// Every OCP version the spec names in `x-ocp-since` / `x-ocp-until`, oldest first.
        pub const DOCUMENTED_VERSIONS: &[crate::version::Version] = &[ #( #known ),* ];

        /// A property of a named schema that not every OCP version has.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct FieldVersions {
            pub schema: &'static str,
            /// The JSON property name.
            pub property: &'static str,
            /// The first OCP version whose docs show it (`None`: every documented version).
            pub since: ::std::option::Option<crate::version::Version>,
            /// The first OCP version whose docs no longer show it.
            pub until: ::std::option::Option<crate::version::Version>,
        }

        /// Every property with `x-ocp-since` or `x-ocp-until`, sorted by schema and property.
        pub const FIELDS: &[FieldVersions] = &[ #( #field_rows ),* ];
    })
}
