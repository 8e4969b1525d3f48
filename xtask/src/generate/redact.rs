//! Post-processing of progenitor's client: every generated struct with a secret field (the
//! storage access keys and their builders) gets a hand-rolled `Debug` that prints the secret
//! as `******` instead of the derived one, so `{:?}` of a strategy, a request or a GUI state
//! holding one never shows it. Which fields are secret is decided by `ocp_api`'s one list
//! ([`is_secret_key`], included from its source, as xtask cannot depend on the crate it
//! generates).
//!
//! Also emits `secret_debug::debug`, a table from each spec schema holding a secret to the
//! `Debug` output of its type and builder, so a test can walk the spec on its own and check
//! every secret field it finds, including ones added later.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::spec::{Error, Spec};

#[path = "../../../crates/ocp-api/src/secret_names.rs"]
mod secret_names;

use secret_names::is_secret_key;

const MASK: &str = "******";

/// Schema name → its secret properties, as the spec has them.
pub fn secret_properties(spec: &Spec) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (name, schema) in spec.schemas() {
        let parts = std::iter::once(schema).chain(
            schema
                .get("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
        let secrets: Vec<String> = parts
            .filter_map(|p| p.get("properties").and_then(Value::as_object))
            .flat_map(|props| props.keys())
            .filter(|k| is_secret_key(k))
            .cloned()
            .collect();
        if !secrets.is_empty() {
            out.insert(name.clone(), secrets);
        }
    }
    out
}

/// Replaces the derived `Debug` of each struct holding a secret field and appends the
/// `secret_debug` table. Fails when a secret property of the spec ends up in no redacted type.
pub fn redact_secrets(spec: &Spec, tokens: TokenStream) -> Result<TokenStream, Error> {
    let mut file: syn::File = syn::parse2(tokens)?;
    let mut redacted = Vec::new();
    redact_items(&mut file.items, &mut Vec::new(), &mut redacted);

    let secrets = secret_properties(spec);
    let mut names = Vec::new();
    let mut types = Vec::new();
    for (schema, props) in &secrets {
        let ty = schema.to_upper_camel_case();
        let covered = redacted
            .iter()
            .any(|(path, t)| path == &["types"] && t == &ty);
        let builder = redacted
            .iter()
            .any(|(path, t)| path == &["types", "builder"] && t == &ty);
        if !covered || !builder {
            return Err(format!(
                "the spec's secret properties {props:?} of {schema} are in no generated type with a redacting Debug (looked for types::{ty} and its builder)"
            )
            .into());
        }
        names.push(schema.clone());
        types.push(format_ident!("{ty}"));
    }
    let table = quote! {
        /// The `Debug` output of each generated type holding a secret, and of its builder, by
        /// spec schema name, for tests that walk the spec for secret fields.
        #[doc(hidden)]
        pub mod secret_debug {
            pub fn debug(
                schema: &str,
                value: ::serde_json::Value,
            ) -> ::std::option::Option<::std::result::Result<(::std::string::String, ::std::string::String), ::serde_json::Error>> {
                fn both<T, B>(value: ::serde_json::Value) -> ::std::result::Result<(::std::string::String, ::std::string::String), ::serde_json::Error>
                where
                    T: ::serde::de::DeserializeOwned + ::std::fmt::Debug + Clone,
                    B: ::std::convert::From<T> + ::std::fmt::Debug,
                {
                    let value: T = ::serde_json::from_value(value)?;
                    let builder = B::from(value.clone());
                    Ok((format!("{value:?}"), format!("{builder:?}")))
                }
                match schema {
                    #( #names => Some(both::<super::types::#types, super::types::builder::#types>(value)), )*
                    _ => None,
                }
            }
        }
    };
    file.items.push(syn::parse2(table)?);
    Ok(quote!(#file))
}

fn redact_items(
    items: &mut Vec<syn::Item>,
    path: &mut Vec<String>,
    redacted: &mut Vec<(Vec<String>, String)>,
) {
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    path.push(m.ident.to_string());
                    redact_items(inner, path, redacted);
                    path.pop();
                }
            }
            syn::Item::Struct(s) => {
                if let Some(debug) = redacting_debug(s) {
                    redacted.push((path.clone(), s.ident.to_string()));
                    impls.push(debug);
                }
            }
            _ => {}
        }
    }
    items.extend(impls);
}

/// For a struct with a secret field whose `Debug` is derived: drops `Debug` from the derive and
/// returns the replacing impl.
fn redacting_debug(s: &mut syn::ItemStruct) -> Option<syn::Item> {
    let syn::Fields::Named(fields) = &s.fields else {
        return None;
    };
    let secret = |f: &syn::Field| {
        f.ident
            .as_ref()
            .is_some_and(|i| is_secret_key(&i.to_string()))
            || serde_rename(f).is_some_and(|r| is_secret_key(&r))
    };
    if !fields.named.iter().any(secret) {
        return None;
    }
    if !remove_derived_debug(&mut s.attrs) {
        return None;
    }
    let name = &s.ident;
    let label = name.to_string();
    let entries = fields.named.iter().map(|f| {
        let ident = f.ident.as_ref().expect("named field");
        let key = ident.to_string();
        if secret(f) {
            quote! { .field(#key, &#MASK) }
        } else {
            quote! { .field(#key, &self.#ident) }
        }
    });
    let (impl_generics, ty_generics, where_clause) = s.generics.split_for_impl();
    syn::parse2(quote! {
        impl #impl_generics ::std::fmt::Debug for #name #ty_generics #where_clause {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #( #entries )* .finish()
            }
        }
    })
    .ok()
}

fn serde_rename(f: &syn::Field) -> Option<String> {
    let mut rename = None;
    for attr in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                rename = Some(lit.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

/// Removes `Debug` from the struct's `#[derive(…)]`; false when it derives no `Debug`.
fn remove_derived_debug(attrs: &mut [syn::Attribute]) -> bool {
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let is_debug = |p: &syn::Path| p.segments.last().is_some_and(|s| s.ident == "Debug");
        if !paths.iter().any(is_debug) {
            continue;
        }
        let kept: Vec<&syn::Path> = paths.iter().filter(|p| !is_debug(p)).collect();
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_field_loses_the_derived_debug() {
        let mut s: syn::ItemStruct = syn::parse_quote! {
            #[derive(::serde::Deserialize, Clone, Debug, PartialEq)]
            pub struct OssAccessKey {
                #[serde(rename = "accessKeyId")]
                pub access_key_id: String,
                #[serde(rename = "accessKeySecret")]
                pub access_key_secret: String,
            }
        };
        let debug = redacting_debug(&mut s).expect("redacted");
        let derive = quote!(#s).to_string();
        assert!(!derive.contains("Debug"), "{derive}");
        let text = quote!(#debug).to_string();
        assert!(
            text.contains("\"******\"") && text.contains("self . access_key_id"),
            "{text}"
        );
        assert!(!text.contains("self . access_key_secret"), "{text}");
        let mut plain: syn::ItemStruct = syn::parse_quote! {
            #[derive(Debug)]
            pub struct PageInfo { pub number: i32 }
        };
        assert!(redacting_debug(&mut plain).is_none());
    }
}
