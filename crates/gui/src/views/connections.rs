//! Connection profiles: base URL, Basic or AK/SK, extra CA certificate, timeout; test, save,
//! connect. Secrets go to the keyring (or stay in memory for this run), never to settings.

use ocp_api::SecretString;

use crate::app::{Action, App};
use crate::error::UiError;
use crate::model::Job;
use crate::settings::{AuthKind, Profile, Startup};
use crate::views::errors;
use crate::views::widgets::{secret_field, text_field};

/// Problems of a profile before anything is sent; the first one is returned.
pub fn validate(profile: &Profile, secret: &SecretString) -> Result<(), UiError> {
    field_errors(profile, secret)
        .into_iter()
        .next()
        .map_or(Ok(()), |(field, msg)| {
            Err(UiError::invalid(format!("{field}: {msg}")))
        })
}

fn field_errors(profile: &Profile, secret: &SecretString) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if profile.name.trim().is_empty() {
        out.push(("name", "required"));
    }
    // The client's own check, so what is saved here is what it accepts; credentials in the
    // URL would end up in the settings file.
    match ocp_api::check_base_url(profile.base_url.trim()) {
        Ok(_) => {}
        Err(ocp_api::ConfigError::UserInfo { .. }) => out.push((
            "base_url_user_info",
            "no user name or password in the URL; enter them in their fields",
        )),
        Err(_) => out.push(("base_url", "invalid")),
    }
    let who = match &profile.auth {
        AuthKind::Basic { username } => username,
        AuthKind::AccessKey { access_key_id } => access_key_id,
    };
    if who.trim().is_empty() {
        out.push(("user", "required"));
    }
    if secret.expose_secret().is_empty() {
        out.push(("secret", "required"));
    }
    out
}

pub fn window(ctx: &egui::Context, app: &mut App, actions: &mut Vec<Action>) {
    if !app.view.connections_open {
        return;
    }
    let tr = app.tr();
    let testing = app.worker.any_busy(|j| matches!(j, Job::TestConnection(_)));
    let persistent = app.secrets.persistent();
    let profiles: Vec<(u64, String)> = app
        .settings
        .profiles
        .iter()
        .map(|p| (p.id, p.name.clone()))
        .collect();
    let modal = egui::Modal::new(egui::Id::unique("connections")).show(ctx, |ui| {
        ui.set_width(640.0);
        ui.heading(tr.connections);
        ui.horizontal_wrapped(|ui| {
            for (id, name) in &profiles {
                let editing = app
                    .view
                    .editor
                    .as_ref()
                    .is_some_and(|e| e.profile.id == *id);
                if ui.selectable_label(editing, name).clicked() {
                    actions.push(Action::EditProfile(Some(*id)));
                }
            }
            if ui.button(tr.new_profile).clicked() {
                actions.push(Action::EditProfile(None));
            }
        });
        ui.separator();
        if let Some(ed) = &mut app.view.editor {
            let errs = field_errors(&ed.profile, &SecretString::new(ed.secret.clone()));
            let err = |f: &str| errs.iter().any(|(x, _)| *x == f);
            text_field(
                ui,
                tr.profile_name,
                &mut ed.profile.name,
                err("name").then_some(tr.required),
            );
            text_field(
                ui,
                tr.base_url,
                &mut ed.profile.base_url,
                if err("base_url_user_info") {
                    Some(tr.url_user_info)
                } else {
                    err("base_url").then_some(tr.invalid_url)
                },
            );
            let mut aksk = matches!(ed.profile.auth, AuthKind::AccessKey { .. });
            ui.horizontal(|ui| {
                let l = ui.label(tr.auth_method);
                ui.radio_value(&mut aksk, false, tr.auth_basic)
                    .labelled_by(l.id);
                ui.radio_value(&mut aksk, true, tr.auth_aksk);
            });
            ed.profile.auth = match (&ed.profile.auth, aksk) {
                (AuthKind::Basic { username }, true) => AuthKind::AccessKey {
                    access_key_id: username.clone(),
                },
                (AuthKind::AccessKey { access_key_id }, false) => AuthKind::Basic {
                    username: access_key_id.clone(),
                },
                (other, _) => other.clone(),
            };
            let (who_label, secret_label) = if aksk {
                (tr.access_key_id, tr.access_key_secret)
            } else {
                (tr.username, tr.password)
            };
            match &mut ed.profile.auth {
                AuthKind::Basic { username: who } | AuthKind::AccessKey { access_key_id: who } => {
                    text_field(ui, who_label, who, err("user").then_some(tr.required));
                }
            }
            // A secret filled in from the keyring belongs to that URL and identity: once either
            // is edited away, it is not offered to the new OCP.
            if ed
                .secret_account
                .as_ref()
                .is_some_and(|a| *a != ed.profile.keyring_account())
            {
                ed.secret.clear();
                ed.secret_account = None;
            }
            secret_field(
                ui,
                secret_label,
                &mut ed.secret,
                &mut ed.show_secret,
                tr.show_secret,
            );
            if err("secret") {
                ui.colored_label(ui.visuals().error_fg_color, tr.required);
            }
            ui.weak(if persistent {
                tr.secret_in_keyring
            } else {
                tr.secret_this_run
            });
            ui.horizontal(|ui| {
                let l = ui.label(tr.ca_certificate);
                let mut path = ed
                    .profile
                    .ca_cert
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                if ui
                    .add(egui::TextEdit::singleline(&mut path).desired_width(260.0))
                    .labelled_by(l.id)
                    .changed()
                {
                    ed.profile.ca_cert = (!path.trim().is_empty()).then(|| path.trim().into());
                }
                if ui.button(tr.pick_file).clicked() {
                    actions.push(Action::PickCaCert);
                }
            });
            ui.horizontal(|ui| {
                let l = ui.label(tr.timeout_seconds);
                ui.add(egui::DragValue::new(&mut ed.profile.timeout_secs).range(1..=600))
                    .labelled_by(l.id);
            });
            ui.checkbox(
                &mut ed.profile.danger_accept_invalid_certs,
                tr.accept_invalid_certs,
            );
            if ed.profile.danger_accept_invalid_certs {
                ui.colored_label(ui.visuals().error_fg_color, tr.accept_invalid_certs_warning);
            }
            match &ed.test_result {
                Some(Ok(n)) => {
                    ui.colored_label(
                        egui::Color32::from_rgb(40, 160, 80),
                        format!("{} {n}", tr.connection_ok),
                    );
                }
                Some(Err(e)) => errors::inline(ui, tr, e),
                None => {}
            }
            let valid = errs.is_empty();
            let id = ed.profile.id;
            let is_new = ed.is_new;
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(valid && !testing, egui::Button::new(tr.test_connection))
                    .clicked()
                {
                    actions.push(Action::TestProfile);
                }
                if testing {
                    ui.spinner();
                }
                if ui.add_enabled(valid, egui::Button::new(tr.save)).clicked() {
                    actions.push(Action::SaveProfile);
                }
                if ui
                    .add_enabled(valid && !is_new, egui::Button::new(tr.connect))
                    .clicked()
                {
                    actions.push(Action::Connect(Startup::Profile(id)));
                }
                if !is_new && ui.button(tr.delete).clicked() {
                    actions.push(Action::DeleteProfile(id));
                }
            });
        }
        ui.separator();
        if ui.button(tr.close).clicked() {
            actions.push(Action::CloseConnections);
        }
    });
    if modal.should_close() {
        actions.push(Action::CloseConnections);
    }
}

/// Asks for the secret of a profile when no keyring holds it.
pub fn secret_prompt(ctx: &egui::Context, app: &mut App, actions: &mut Vec<Action>) {
    let tr = app.tr();
    let Some((id, secret)) = &mut app.view.secret_prompt else {
        return;
    };
    let name = app
        .settings
        .profile(*id)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    egui::Modal::new(egui::Id::unique("secret_prompt")).show(ctx, |ui| {
        ui.heading(name);
        ui.label(tr.secret_needed);
        let mut show = false;
        secret_field(ui, tr.password, secret, &mut show, tr.show_secret);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!secret.is_empty(), egui::Button::new(tr.connect))
                .clicked()
            {
                actions.push(Action::SubmitSecret);
            }
            if ui.button(tr.cancel).clicked() {
                actions.push(Action::Connect(Startup::Demo));
            }
        });
    });
}
