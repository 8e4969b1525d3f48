//! The connections window (base URL, Basic or AK/SK, extra CA certificate, timeout; test, save,
//! connect) and the secret prompt.

use ocp_api::SecretString;

use super::{Action, State, field_errors};
use crate::app;
use crate::model::Job;
use crate::settings::{AuthKind, Startup};
use crate::ui::Shared;
use crate::ui::errors;
use crate::ui::widgets::{secret_field, text_field};

/// `persistent`: secrets go to a keyring that outlives this run.
#[must_use]
pub fn window(
    ctx: &egui::Context,
    s: Shared<'_>,
    state: &mut State,
    persistent: bool,
) -> Vec<app::Action> {
    let mut actions = Vec::new();
    if !state.open {
        return actions;
    }
    let tr = s.tr;
    let testing = s.worker.any_busy(|j| matches!(j, Job::TestConnection(_)));
    let profiles: Vec<(u64, String)> = s
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
                let editing = state.editor.as_ref().is_some_and(|e| e.profile.id == *id);
                if ui.selectable_label(editing, name).clicked() {
                    actions.push(Action::Edit(Some(*id)).into());
                }
            }
            if ui.button(tr.new_profile).clicked() {
                actions.push(Action::Edit(None).into());
            }
        });
        ui.separator();
        if let Some(ed) = &mut state.editor {
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
                    actions.push(Action::PickCaCert.into());
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
                    ui.colored_label(egui::Color32::from_rgb(40, 160, 80), tr.connection_ok(*n));
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
                    actions.push(Action::Test.into());
                }
                if testing {
                    ui.spinner();
                }
                if ui.add_enabled(valid, egui::Button::new(tr.save)).clicked() {
                    actions.push(Action::Save.into());
                }
                if ui
                    .add_enabled(valid && !is_new, egui::Button::new(tr.connect))
                    .clicked()
                {
                    actions.push(Action::Connect(Startup::Profile(id)).into());
                }
                if !is_new && ui.button(tr.delete).clicked() {
                    actions.push(Action::Delete(id).into());
                }
            });
        }
        ui.separator();
        if ui.button(tr.close).clicked() {
            actions.push(Action::Close.into());
        }
    });
    if modal.should_close() {
        actions.push(Action::Close.into());
    }
    actions
}

/// Asks for the secret of a profile when no keyring holds it.
#[must_use]
pub fn secret_prompt(ctx: &egui::Context, s: Shared<'_>, state: &mut State) -> Vec<app::Action> {
    let tr = s.tr;
    let mut actions = Vec::new();
    let Some(prompt) = &mut state.secret_prompt else {
        return actions;
    };
    let secret = &mut prompt.secret;
    let name = s
        .settings
        .profile(prompt.profile)
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
                actions.push(Action::SubmitSecret.into());
            }
            if ui.button(tr.cancel).clicked() {
                actions.push(Action::Connect(Startup::Demo).into());
            }
        });
    });
    actions
}
