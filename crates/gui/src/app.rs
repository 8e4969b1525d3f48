//! The app: owns settings, data, the worker and the connection; views only read state and
//! return [`Action`]s, which are applied after the frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Key, KeyboardShortcut, Modifiers};
use ocp_api::enums::DataBackupMode;
use ocp_api::{ClientConfig, Credentials, SecretString};

use crate::error::UiError;
use crate::files::{FileKind, FilePicker};
use crate::i18n::Lang;
use crate::model::{Job, Payload, TableId, Target};
use crate::model::{StrategyBody, StrategyOp, StrategyOpKind};
use crate::requests;
use crate::restore_form::{self, RestoreStep, RestoreWizard, SourceKind};
use crate::secrets::SecretStore;
use crate::settings::{AuthKind, Profile, Settings, Startup};
use crate::state::{
    BackupNowDialog, Data, Level, Notice, ProfileEditor, StrategyConfirm, StrategyEditor, Tab,
    ViewState,
};
use crate::strategy_form::StrategyForm;
use crate::views;
use crate::worker::Worker;

pub const REFRESH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F5);
pub const REFRESH_ALT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::R);
/// How often a screen showing a running task refreshes itself: the one timer an idle app keeps.
pub const AUTO_REFRESH: Duration = Duration::from_secs(2);

/// How the app finds its first connection.
pub enum DemoChoice {
    /// Start the embedded simulator (the default on first run and with `--demo`).
    Start,
    /// Use an already running simulator (tests pass their own, to control its clock).
    Use {
        base_url: String,
        username: String,
        password: String,
    },
    /// Use the saved startup profile.
    Off,
}

pub struct AppOptions {
    pub runtime: tokio::runtime::Handle,
    pub demo: DemoChoice,
    pub secrets: Box<dyn SecretStore>,
    pub files: Arc<dyn FilePicker>,
    /// Overrides the saved language.
    pub lang: Option<Lang>,
    /// Read saved settings (off in tests, so they start from a known state).
    pub load_settings: bool,
}

/// The live connection.
pub struct Connection {
    pub label: String,
    pub client: ocp_api::Client,
    pub demo: bool,
    /// Plain `http://` to another machine: a banner says the credentials travel unencrypted,
    /// until dismissed (once per connection).
    pub clear_text_warning: bool,
}

/// What a view asks the app to do.
#[derive(Clone, Debug)]
pub enum Action {
    Refresh,
    Select(Target),
    ToggleCluster(i64),
    SetTab(Tab),
    SetLang(Lang),
    RunTasks {
        table: TableId,
        all_pages: bool,
    },
    ExportCsv(TableId),
    OpenBackupNow(Target),
    SubmitBackupNow,
    CloseBackupNow,
    FollowTask(i64),
    OpenConnections,
    CloseConnections,
    EditProfile(Option<u64>),
    PickCaCert,
    TestProfile,
    SaveProfile,
    DeleteProfile(u64),
    Connect(Startup),
    SubmitSecret,
    DismissError,
    DismissClearTextWarning,
    /// Validate the strategy form; create, or show the changes of a modify.
    StrategySubmit,
    /// Ask before deleting, pausing or resuming.
    StrategyAsk(StrategyConfirm),
    StrategyConfirmed,
    StrategyCancelConfirm,
    StrategyDiscard,
    /// Write the form to a JSON file (after checking it).
    StrategyExport,
    /// Fill the form from a JSON file; nothing is sent.
    StrategyImport,
    /// A click on the timeline at this instant (ms since the epoch): the restore point when it
    /// falls inside a recoverable interval, otherwise none.
    PickRestorePoint(i64),
    /// Open the restore wizard for this source tenant.
    OpenRestore(Target),
    /// Go to a step of the restore wizard (the preview step asks OCP for its preview).
    RestoreGoto(RestoreStep),
    /// The restore wizard's target cluster (its tenants load for the name check and zones).
    RestoreTargetCluster(i64),
    /// Send `restoreTenant`, once.
    SubmitRestore,
    CloseRestore,
    /// Send the typed restore source paths for the wizard's target cluster (`addRestoreSource`).
    AddRestoreSources,
    /// Clear the target cluster's added restore sources, after the user confirmed.
    ClearRestoreSources,
}

pub struct App {
    pub settings: Settings,
    pub secrets: Box<dyn SecretStore>,
    pub worker: Worker,
    pub conn: Option<Connection>,
    pub data: Data,
    pub view: ViewState,
    pub notices: Vec<Notice>,
    files: Arc<dyn FilePicker>,
    /// The embedded simulator, when this app started it.
    demo_sim: Option<ocp_sim::SimHandle>,
    demo_target: Option<(String, String, String)>,
    toasts: egui_notify::Toasts,
    actions: Vec<Action>,
    last_auto_refresh: Instant,
    /// The title last sent to the window: a viewport command asks for a repaint, so sending it
    /// every frame kept the app repainting forever (≈ 170 % CPU while idle).
    window_title: String,
    ctx: egui::Context,
    file_events: std::sync::mpsc::Receiver<FileEvent>,
    file_sender: std::sync::mpsc::Sender<FileEvent>,
}

/// Results of file dialogs and file writes, which finish off the UI thread.
enum FileEvent {
    CaCertPicked(PathBuf),
    FileWritten(Result<PathBuf, String>),
    /// A strategy file was read, for this target's editor.
    StrategyRead(Target, PathBuf, Result<String, String>),
}

impl App {
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        let mut settings: Settings = match (options.load_settings, cc.storage) {
            (true, Some(storage)) => {
                eframe::get_value(storage, Settings::STORAGE_KEY).unwrap_or_default()
            }
            _ => Settings::default(),
        };
        if let Some(lang) = options.lang {
            settings.lang = lang;
        }
        crate::fonts::install(&cc.egui_ctx);
        let worker = Worker::new(options.runtime.clone(), cc.egui_ctx.clone());
        let (file_sender, file_events) = std::sync::mpsc::channel();
        let mut app = App {
            settings,
            secrets: options.secrets,
            worker,
            conn: None,
            data: Data::default(),
            view: ViewState::default(),
            notices: Vec::new(),
            files: options.files,
            demo_sim: None,
            demo_target: None,
            toasts: egui_notify::Toasts::default(),
            actions: Vec::new(),
            last_auto_refresh: Instant::now(),
            window_title: String::new(),
            ctx: cc.egui_ctx.clone(),
            file_events,
            file_sender,
        };
        match options.demo {
            DemoChoice::Start => app.connect(Startup::Demo),
            DemoChoice::Use {
                base_url,
                username,
                password,
            } => {
                app.demo_target = Some((base_url, username, password));
                app.connect(Startup::Demo);
            }
            DemoChoice::Off => {
                let startup = app.settings.startup;
                app.connect(startup);
            }
        }
        app
    }

    pub fn tr(&self) -> &'static crate::i18n::Tr {
        self.settings.lang.tr()
    }

    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }

    fn notify(&mut self, level: Level, text: String, error: Option<UiError>) {
        match level {
            Level::Info => {
                self.toasts.info(text.clone());
            }
            Level::Success => {
                self.toasts.success(text.clone());
            }
            Level::Warning => {
                self.toasts.warning(text.clone());
            }
            Level::Error => {
                self.toasts
                    .error(text.clone())
                    .duration(None)
                    .closable(true);
            }
        }
        if let Some(e) = &error {
            self.view.error_panel = Some(e.clone());
        }
        self.notices.push(Notice { level, text, error });
    }

    /// Deletes the keyring entry of `account` unless another profile than `profile` still
    /// uses it; a failed delete is shown (the entry would otherwise stay behind unnoticed).
    fn forget_secret(&mut self, account: &str, profile: u64) {
        let shared = self
            .settings
            .profiles
            .iter()
            .any(|p| p.id != profile && p.keyring_account() == account);
        if shared {
            return;
        }
        if let Err(e) = self.secrets.delete(account) {
            let text = format!("{} {e}", self.tr().keyring_delete_failed);
            self.report(UiError::invalid(text));
        }
    }

    fn report(&mut self, e: UiError) {
        let text = format!("{} {}", views::errors::explain(self.tr(), &e), e.summary());
        self.notify(Level::Error, text, Some(e));
    }

    // ---- connection ------------------------------------------------------------------------

    fn demo_endpoint(&mut self) -> Result<(String, String, String), UiError> {
        if let Some(t) = &self.demo_target {
            return Ok(t.clone());
        }
        let sim = self
            .worker
            .runtime()
            .block_on(ocp_sim::spawn(ocp_sim::SimConfig::default()))
            .map_err(|e| UiError::invalid(format!("cannot start the embedded simulator: {e}")))?;
        let target = (
            sim.base_url().to_owned(),
            ocp_sim::DEFAULT_ADMIN_USER.to_owned(),
            ocp_sim::DEFAULT_ADMIN_PASSWORD.to_owned(),
        );
        self.demo_sim = Some(sim);
        self.demo_target = Some(target.clone());
        Ok(target)
    }

    fn client_for(
        &self,
        profile: &Profile,
        secret: SecretString,
    ) -> Result<ocp_api::Client, UiError> {
        let credentials = match &profile.auth {
            AuthKind::Basic { username } => Credentials::basic(username.clone(), secret),
            AuthKind::AccessKey { access_key_id } => {
                Credentials::access_key(access_key_id.clone(), secret.expose_secret().to_owned())
            }
        };
        let mut config = ClientConfig::new(profile.base_url.trim())
            .credentials(credentials)
            .language(self.settings.lang.http_tag())
            .timeouts(
                Duration::from_secs(10.min(profile.timeout_secs.max(1))),
                Duration::from_secs(profile.timeout_secs.max(1)),
            )
            .danger_accept_invalid_certs(profile.danger_accept_invalid_certs);
        if let Some(ca) = &profile.ca_cert {
            config = config.extra_ca_cert(ca);
        }
        config.build().map_err(|e| UiError::invalid(e.to_string()))
    }

    fn connect(&mut self, startup: Startup) {
        self.worker.cancel_reads();
        self.data = Data::default();
        self.view.selected = None;
        self.view.followed.clear();
        self.view.open_instance = None;
        let lang = self.settings.lang.http_tag();
        let conn = match startup {
            Startup::Demo => self.demo_endpoint().and_then(|(url, user, password)| {
                ClientConfig::new(url)
                    .credentials(Credentials::basic(user, password))
                    .language(lang)
                    .build()
                    .map_err(|e| UiError::invalid(e.to_string()))
                    .map(|client| Connection {
                        label: self.tr().demo_connection.to_owned(),
                        client,
                        demo: true,
                        clear_text_warning: false,
                    })
            }),
            Startup::Profile(id) => {
                let Some(profile) = self.settings.profile(id).cloned() else {
                    return self.connect(Startup::Demo);
                };
                let Some(secret) = self.secrets.get(&profile.keyring_account()) else {
                    // No keyring, or nothing stored: ask once for this run.
                    self.view.secret_prompt = Some((id, String::new()));
                    return;
                };
                self.client_for(&profile, secret).map(|client| Connection {
                    label: profile.name.clone(),
                    client,
                    demo: false,
                    clear_text_warning: ocp_api::credentials_in_clear(&profile.base_url),
                })
            }
        };
        match conn {
            Ok(conn) => {
                self.conn = Some(conn);
                self.settings.startup = startup;
                self.load_clusters();
            }
            Err(e) => {
                self.conn = None;
                self.report(e);
            }
        }
    }

    pub fn is_demo(&self) -> bool {
        self.conn.as_ref().is_some_and(|c| c.demo)
    }

    // ---- reads -----------------------------------------------------------------------------

    fn client(&self) -> Option<ocp_api::Client> {
        self.conn.as_ref().map(|c| c.client.clone())
    }

    fn load_clusters(&mut self) {
        if let Some(c) = self.client() {
            self.worker.spawn(Job::Clusters, requests::clusters(c));
        }
    }

    fn load_tenants(&mut self, cluster: i64) {
        if let Some(c) = self.client() {
            self.worker
                .spawn(Job::Tenants(cluster), requests::tenants(c, cluster));
        }
    }

    fn load_target(&mut self, target: Target) {
        let Some(c) = self.client() else { return };
        let cluster = target.cluster();
        if target.tenant().is_none() {
            self.worker.spawn(
                Job::ClusterOverview(cluster),
                requests::cluster_overview(c.clone(), cluster),
            );
        } else {
            self.worker.spawn(
                Job::TenantBadge(target),
                requests::tenant_badge(c.clone(), target),
            );
        }
        self.worker
            .spawn(Job::Ability(cluster), requests::ability(c.clone(), cluster));
        self.worker
            .spawn(Job::Strategy(target), requests::strategy(c, target));
    }

    fn load_timeline(&mut self, target: Target) {
        if let Some(c) = self.client() {
            self.worker
                .spawn(Job::BackupInfo(target), requests::backup_info(c, target));
        }
    }

    fn run_tasks(&mut self, table: TableId, all_pages: bool) {
        let Some(c) = self.client() else { return };
        let page_size = self.settings.page_size;
        let t = self.data.table(table, page_size);
        // An invalid form is shown beside its fields; nothing is sent.
        if let Ok(query) = t.query(all_pages) {
            let progress = Arc::new(crate::model::Progress::default());
            t.progress = progress.clone();
            self.settings.page_size = query.size;
            self.worker
                .spawn(Job::Tasks(table), requests::tasks(c, query, progress));
        }
    }

    fn load_instance(&mut self, id: i64) {
        if let Some(c) = self.client() {
            self.worker
                .spawn(Job::TaskInstance(id), requests::task_instance(c, id));
        }
    }

    /// F5: reload what is on screen.
    fn refresh(&mut self) {
        if self.conn.is_none() {
            return;
        }
        self.load_clusters();
        let expanded: Vec<i64> = self.view.expanded.iter().copied().collect();
        for cluster in expanded {
            self.load_tenants(cluster);
        }
        if let Some(target) = self.view.selected {
            self.load_target(target);
            if self.view.tab == Tab::Timeline {
                self.load_timeline(target);
            }
            if let Tab::Tasks(kind) = self.view.tab {
                let table = TableId { target, kind };
                if self.data.tables.contains_key(&table) {
                    let all = self.data.tables[&table]
                        .query
                        .as_ref()
                        .is_some_and(|q| q.all_pages);
                    self.run_tasks(table, all);
                }
            }
        }
        for id in self.view.followed.clone() {
            self.load_instance(id);
        }
    }

    /// Tables with moving tasks, and followed task instances, refresh themselves.
    fn auto_refresh(&mut self, ctx: &egui::Context) {
        if !self.settings.auto_refresh || self.conn.is_none() {
            return;
        }
        let instance_running = self.view.followed.iter().any(|id| {
            self.data
                .instances
                .get(id)
                .and_then(|l| l.value.as_ref())
                .is_none_or(|t| t.status.as_str() == "RUNNING")
        });
        let table = match (self.view.selected, self.view.tab) {
            (Some(target), Tab::Tasks(kind)) => Some(TableId { target, kind }),
            _ => None,
        };
        let table_running = table
            .and_then(|t| self.data.tables.get(&t))
            .is_some_and(|t| t.any_running());
        if !instance_running && !table_running {
            return;
        }
        ctx.request_repaint_after(AUTO_REFRESH);
        if self.last_auto_refresh.elapsed() < AUTO_REFRESH {
            return;
        }
        self.last_auto_refresh = Instant::now();
        if let (true, Some(table)) = (table_running, table)
            && !self.worker.is_busy(&Job::Tasks(table))
        {
            let all = self.data.tables[&table]
                .query
                .as_ref()
                .is_some_and(|q| q.all_pages);
            self.run_tasks(table, all);
        }
        for id in self.view.followed.clone() {
            if !self.worker.is_busy(&Job::TaskInstance(id)) {
                self.load_instance(id);
            }
        }
    }

    // ---- results ---------------------------------------------------------------------------

    fn on_event(&mut self, job: Job, result: Result<Payload, UiError>) {
        let page_size = self.settings.page_size;
        match (job, result) {
            (Job::Clusters, r) => {
                let failed = r.as_ref().err().cloned();
                self.data.clusters.set(r.map(|p| match p {
                    Payload::Clusters(c) => c,
                    _ => Vec::new(),
                }));
                if let Some(e) = failed {
                    self.report(e);
                }
                // Every cluster's overview feeds its navigator badge.
                let ids: Vec<i64> = self
                    .data
                    .clusters
                    .value
                    .iter()
                    .flatten()
                    .map(|c| c.id)
                    .collect();
                if let Some(c) = self.client() {
                    for &id in &ids {
                        self.worker.spawn(
                            Job::ClusterOverview(id),
                            requests::cluster_overview(c.clone(), id),
                        );
                    }
                }
                if self.view.selected.is_none()
                    && let Some(&first) = ids.first()
                {
                    self.actions.push(Action::Select(Target::Cluster(first)));
                }
            }
            (Job::Tenants(cluster), r) => {
                let entry = self.data.tenants.entry(cluster).or_default();
                match r {
                    Ok(Payload::Tenants(list)) => {
                        let targets: Vec<Target> = list
                            .iter()
                            .map(|t| Target::Tenant {
                                cluster,
                                tenant: t.id,
                            })
                            .collect();
                        entry.set(Ok(list));
                        if let Some(c) = self.client() {
                            for target in targets {
                                self.worker.spawn(
                                    Job::TenantBadge(target),
                                    requests::tenant_badge(c.clone(), target),
                                );
                            }
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        entry.set(Err(e.clone()));
                        self.report(e);
                    }
                }
            }
            (Job::ClusterOverview(id), r) => {
                let r = r.map(|p| match p {
                    Payload::ClusterOverview(o) => Some(o),
                    _ => None,
                });
                if let Err(e) = &r {
                    self.report(e.clone());
                }
                if let Ok(Some(o)) = r {
                    self.data.overviews.entry(id).or_default().set(Ok(o));
                }
            }
            (Job::Ability(id), Ok(Payload::Ability(a))) => {
                self.data.abilities.entry(id).or_default().set(Ok(a))
            }
            (Job::Strategy(t), Ok(Payload::Strategy(s))) => {
                self.data.strategies.entry(t).or_default().set(Ok(s))
            }
            (Job::Strategy(t), Err(e)) => {
                self.data
                    .strategies
                    .entry(t)
                    .or_default()
                    .set(Err(e.clone()));
                self.report(e);
            }
            (Job::FullBackupExists(t), Ok(Payload::FullBackupExists(b))) => {
                self.data.full_backup.insert(t, b);
            }
            (Job::TenantBadge(t), Ok(Payload::TenantBadge(b))) => {
                self.data.badges.insert(t, *b);
            }
            (Job::Tasks(_), Ok(Payload::Tasks(page))) => self.data.apply_tasks(*page, page_size),
            (Job::Tasks(table), Err(e)) => {
                self.data.table(table, page_size).error = Some(e.clone());
                self.report(e);
            }
            (Job::TaskInstance(id), r) => {
                let failed = r.as_ref().err().cloned();
                self.data
                    .instances
                    .entry(id)
                    .or_default()
                    .set(r.map(|p| match p {
                        Payload::TaskInstance(t) => t,
                        _ => unreachable!("task instance jobs return task instances"),
                    }));
                if let Some(e) = failed {
                    // A poll is a read: a failed one does not end the following (the task goes
                    // on in OCP); the next auto-refresh tries again.
                    if self.view.followed.contains(&id) && e.retryable() {
                        let text =
                            format!("{} #{id}: {}", self.tr().poll_failed_following, e.summary());
                        self.notify(Level::Warning, text, None);
                    } else {
                        self.report(e);
                    }
                }
                self.restore_ended(id);
            }
            (Job::BackupNow(target), r) => match r {
                Ok(Payload::BackupStarted { task_ids }) => {
                    self.view.backup_now = None;
                    let text = format!("{} {:?}", self.tr().backup_started, task_ids);
                    self.notify(Level::Success, text, None);
                    for id in task_ids {
                        self.view.follow(id);
                        self.load_instance(id);
                    }
                    self.view.tab = Tab::TaskInstances;
                    self.load_target(target);
                }
                Ok(_) => {}
                Err(e) => {
                    // The dialog stays open with the user's choice, showing why.
                    if let Some(d) = &mut self.view.backup_now {
                        d.error = Some(e.clone());
                    }
                    self.report(e);
                }
            },
            (Job::StrategyWrite(target), r) => match r {
                Ok(Payload::StrategyWritten(kind)) => {
                    let tr = self.tr();
                    let text = match kind {
                        StrategyOpKind::Create | StrategyOpKind::Modify => tr.strategy_saved,
                        StrategyOpKind::Delete => tr.strategy_deleted,
                        StrategyOpKind::Pause => tr.schedule_paused,
                        StrategyOpKind::Resume => tr.schedule_resumed,
                    };
                    self.notify(Level::Success, text.to_owned(), None);
                    // The form reloads from what the server now holds.
                    if self
                        .view
                        .strategy
                        .as_ref()
                        .is_some_and(|e| e.target == target)
                    {
                        self.view.strategy = None;
                    }
                    self.data.strategies.remove(&target);
                    self.load_target(target);
                }
                Ok(_) => {}
                Err(e) => {
                    if let Some(ed) = &mut self.view.strategy
                        && ed.target == target
                    {
                        ed.error = Some(e.clone());
                    }
                    self.report(e);
                }
            },
            (Job::BackupInfo(t), r) => {
                let failed = r.as_ref().err().cloned();
                self.data
                    .timelines
                    .entry(t)
                    .or_default()
                    .set(r.map(|p| match p {
                        Payload::Timeline(t) => *t,
                        _ => unreachable!("backup info jobs return timelines"),
                    }));
                if let Some(e) = failed {
                    self.report(e);
                }
            }
            (Job::RestorePreview(_), r) => match r {
                Ok(Payload::RestorePreview(items)) => {
                    if let Some(w) = &mut self.view.restore {
                        w.preview = Some(items);
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    if let Some(w) = &mut self.view.restore {
                        w.error = Some(e.clone());
                    }
                    self.report(e);
                }
            },
            (Job::Restore(_), r) => match r {
                Ok(Payload::RestoreStarted { task_ids }) => {
                    let cluster = self.view.restore.take().and_then(|w| w.target_cluster);
                    let text = format!("{} {:?}", self.tr().restore_started, task_ids);
                    self.notify(Level::Success, text, None);
                    for id in task_ids {
                        if let Some(c) = cluster {
                            self.view.restores.push((id, c));
                        }
                        self.view.follow(id);
                        self.load_instance(id);
                    }
                    self.view.tab = Tab::TaskInstances;
                }
                Ok(_) => {}
                Err(e) => {
                    // The wizard stays open with everything typed, showing why.
                    if let Some(w) = &mut self.view.restore {
                        w.error = Some(e.clone());
                    }
                    self.report(e);
                }
            },
            (Job::RestoreSources(_), r) => {
                let tr = self.tr();
                match r {
                    Ok(payload) => {
                        let text = match payload {
                            Payload::RestoreSourcesAdded(paths) => {
                                if let Some(w) = &mut self.view.restore {
                                    for p in paths {
                                        if !w.sources_added.contains(&p) {
                                            w.sources_added.push(p);
                                        }
                                    }
                                    w.sources_text.clear();
                                }
                                tr.restore_sources_added_ok
                            }
                            _ => {
                                if let Some(w) = &mut self.view.restore {
                                    w.sources_added.clear();
                                    w.confirm_clear = false;
                                }
                                tr.restore_sources_cleared
                            }
                        };
                        self.notify(Level::Success, text.to_owned(), None);
                        // The preview reads the added sources too.
                        if self
                            .view
                            .restore
                            .as_ref()
                            .is_some_and(|w| w.step == RestoreStep::Preview)
                        {
                            self.start_preview();
                        }
                    }
                    Err(e) => {
                        // The typed paths stay for another try.
                        if let Some(w) = &mut self.view.restore {
                            w.sources_error = Some(e.clone());
                            w.confirm_clear = false;
                        }
                        self.report(e);
                    }
                }
            }
            (Job::TestConnection(_), r) => {
                let r = r.map(|p| match p {
                    Payload::Connected { clusters } => clusters,
                    _ => 0,
                });
                if let Some(ed) = &mut self.view.editor {
                    ed.test_result = Some(r);
                }
            }
            (Job::Ability(_) | Job::TenantBadge(_) | Job::FullBackupExists(_), Err(e)) => {
                self.report(e)
            }
            (_, Ok(_)) => {}
        }
    }

    /// When a followed restore's task has ended, its target cluster's tenants reload (the new
    /// tenant shows up in the navigator).
    fn restore_ended(&mut self, task: i64) {
        let ended = self
            .data
            .instances
            .get(&task)
            .and_then(|l| l.value.as_ref())
            .is_some_and(|t| t.status.as_str() != "RUNNING");
        if !ended {
            return;
        }
        let clusters: Vec<i64> = self
            .view
            .restores
            .iter()
            .filter(|(t, _)| *t == task)
            .map(|(_, c)| *c)
            .collect();
        self.view.restores.retain(|(t, _)| *t != task);
        for cluster in clusters {
            self.view.expanded.insert(cluster);
            self.load_tenants(cluster);
            self.notify(Level::Info, self.tr().restore_finished.to_owned(), None);
        }
    }

    /// Asks OCP what the wizard's restore would read (again, after the sources changed).
    fn start_preview(&mut self) {
        if let Some(w) = &mut self.view.restore {
            w.preview = None;
        }
        if let (Some(c), Some((source, param))) = (self.client(), self.restore_param()) {
            self.worker.spawn(
                Job::RestorePreview(source),
                requests::preview_restore(c, source.cluster(), param),
            );
        }
    }

    fn restore_param(&self) -> Option<(Target, ocp_api::types::RestoreTenantParam)> {
        let w = self.view.restore.as_ref()?;
        let timeline = self
            .data
            .timelines
            .get(&w.source)
            .and_then(|l| l.value.as_ref());
        let existing = w
            .target_cluster
            .and_then(|c| self.data.tenants.get(&c))
            .and_then(|l| l.value.as_deref())?;
        let param = w.to_param(self.tr(), timeline, existing).ok()?;
        Some((w.source, param))
    }

    // ---- actions ---------------------------------------------------------------------------

    fn apply(&mut self, action: Action) {
        match action {
            Action::Refresh => self.refresh(),
            Action::Select(target) => {
                if self.view.selected != Some(target) {
                    self.view.restore_point = None;
                    self.view.restore_point_missed = false;
                }
                self.view.selected = Some(target);
                if self.view.tab == Tab::Timeline {
                    self.load_timeline(target);
                }
                if let Target::Cluster(id) = target
                    && self.view.expanded.insert(id)
                {
                    self.load_tenants(id);
                }
                self.load_target(target);
                if let Tab::Tasks(kind) = self.view.tab {
                    self.ensure_table(TableId { target, kind });
                }
            }
            Action::ToggleCluster(id) => {
                if !self.view.expanded.remove(&id) {
                    self.view.expanded.insert(id);
                    self.load_tenants(id);
                }
            }
            Action::SetTab(tab) => {
                self.view.tab = tab;
                if let (Tab::Tasks(kind), Some(target)) = (tab, self.view.selected) {
                    self.ensure_table(TableId { target, kind });
                }
                if let (Tab::Timeline, Some(target)) = (tab, self.view.selected) {
                    self.load_timeline(target);
                }
            }
            Action::SetLang(lang) => {
                self.settings.lang = lang;
                // Field errors follow the language.
                if let Some(ed) = &mut self.view.strategy
                    && !ed.errors.is_empty()
                {
                    ed.errors = ed.check(lang.tr()).err().unwrap_or_default();
                }
                if let Some(conn) = &self.conn
                    && conn.demo
                {
                    self.conn.as_mut().unwrap().label = lang.tr().demo_connection.to_owned();
                }
            }
            Action::RunTasks { table, all_pages } => self.run_tasks(table, all_pages),
            Action::ExportCsv(table) => self.export_csv(table),
            Action::OpenBackupNow(target) => {
                self.view.backup_now = Some(BackupNowDialog {
                    target,
                    mode: DataBackupMode::FullBackup,
                    error: None,
                });
                if let Some(c) = self.client() {
                    self.worker
                        .spawn(Job::Strategy(target), requests::strategy(c.clone(), target));
                    self.worker.spawn(
                        Job::Ability(target.cluster()),
                        requests::ability(c.clone(), target.cluster()),
                    );
                    self.worker.spawn(
                        Job::FullBackupExists(target),
                        requests::full_backup_exists(c, target),
                    );
                }
            }
            Action::SubmitBackupNow => {
                let Some(d) = &mut self.view.backup_now else {
                    return;
                };
                d.error = None;
                let (target, mode) = (d.target, d.mode.clone());
                let strategy = self
                    .data
                    .strategies
                    .get(&target)
                    .and_then(|l| l.value.clone())
                    .flatten();
                match (self.client(), strategy) {
                    (Some(c), Some(s)) => {
                        self.worker.spawn(
                            Job::BackupNow(target),
                            requests::backup_now(c, target, mode, *s),
                        );
                    }
                    (_, None) => {
                        let e = UiError::invalid(self.tr().needs_strategy);
                        if let Some(d) = &mut self.view.backup_now {
                            d.error = Some(e);
                        }
                    }
                    (None, _) => {}
                }
            }
            Action::CloseBackupNow => {
                if !self.worker.any_busy(|j| matches!(j, Job::BackupNow(_))) {
                    self.view.backup_now = None;
                }
            }
            Action::FollowTask(id) => {
                self.view.follow(id);
                self.view.tab = Tab::TaskInstances;
                self.load_instance(id);
            }
            Action::OpenConnections => self.view.connections_open = true,
            Action::CloseConnections => {
                self.view.connections_open = false;
                self.view.editor = None;
            }
            Action::EditProfile(id) => {
                let (profile, is_new) = match id.and_then(|id| self.settings.profile(id).cloned()) {
                    Some(p) => (p, false),
                    None => (
                        Profile {
                            id: self.settings.next_profile_id(),
                            name: self.tr().new_profile.into(),
                            ..Profile::default()
                        },
                        true,
                    ),
                };
                let account = profile.keyring_account();
                let stored = (!is_new).then(|| self.secrets.get(&account)).flatten();
                let secret_account = stored.is_some().then_some(account);
                let secret = stored
                    .map(|s| s.expose_secret().to_owned())
                    .unwrap_or_default();
                self.view.editor = Some(ProfileEditor {
                    profile,
                    secret,
                    secret_account,
                    show_secret: false,
                    test_result: None,
                    is_new,
                });
            }
            Action::PickCaCert => {
                let fut = self.files.open(FileKind::Pem);
                let (tx, ctx) = (self.file_sender.clone(), self.ctx.clone());
                self.worker.runtime().spawn(async move {
                    if let Some(path) = fut.await {
                        let _ = tx.send(FileEvent::CaCertPicked(path));
                        ctx.request_repaint();
                    }
                });
            }
            Action::TestProfile => {
                let Some(ed) = &mut self.view.editor else {
                    return;
                };
                ed.test_result = None;
                let (profile, secret) = (ed.profile.clone(), SecretString::new(ed.secret.clone()));
                match views::connections::validate(&profile, &secret)
                    .and_then(|_| self.client_for(&profile, secret))
                {
                    Ok(client) => {
                        self.worker.spawn(
                            Job::TestConnection(profile.id),
                            requests::test_connection(client),
                        );
                    }
                    Err(e) => {
                        if let Some(ed) = &mut self.view.editor {
                            ed.test_result = Some(Err(e));
                        }
                    }
                }
            }
            Action::SaveProfile => {
                let Some(ed) = &self.view.editor else { return };
                let secret = SecretString::new(ed.secret.clone());
                if views::connections::validate(&ed.profile, &secret).is_err() {
                    return;
                }
                let profile = ed.profile.clone();
                let account = profile.keyring_account();
                if let Err(e) = self.secrets.set(&account, &secret) {
                    let text = format!("{} {e}", self.tr().keyring_save_failed);
                    self.report(UiError::invalid(text));
                }
                // A new URL or identity is another account: the old one's secret goes.
                if let Some(old) = self.settings.profile(profile.id).cloned()
                    && old.keyring_account() != account
                {
                    self.forget_secret(&old.keyring_account(), profile.id);
                }
                if let Some(ed) = &mut self.view.editor {
                    ed.secret_account = Some(account);
                }
                match self
                    .settings
                    .profiles
                    .iter_mut()
                    .find(|p| p.id == profile.id)
                {
                    Some(p) => *p = profile,
                    None => self.settings.profiles.push(profile),
                }
                if let Some(ed) = &mut self.view.editor {
                    ed.is_new = false;
                }
            }
            Action::DeleteProfile(id) => {
                let account = self.settings.profile(id).map(Profile::keyring_account);
                self.settings.profiles.retain(|p| p.id != id);
                if let Some(account) = account {
                    self.forget_secret(&account, id);
                }
                self.view.editor = None;
                if self.settings.startup == Startup::Profile(id) {
                    self.settings.startup = Startup::Demo;
                }
            }
            Action::Connect(startup) => {
                self.view.connections_open = false;
                self.view.editor = None;
                self.connect(startup);
            }
            Action::SubmitSecret => {
                let Some((id, secret)) = self.view.secret_prompt.take() else {
                    return;
                };
                if secret.is_empty() {
                    self.view.secret_prompt = Some((id, secret));
                    return;
                }
                if let Some(account) = self.settings.profile(id).map(Profile::keyring_account)
                    && let Err(e) = self.secrets.set(&account, &SecretString::new(secret))
                {
                    let text = format!("{} {e}", self.tr().keyring_save_failed);
                    self.report(UiError::invalid(text));
                }
                self.connect(Startup::Profile(id));
            }
            Action::DismissError => self.view.error_panel = None,
            Action::DismissClearTextWarning => {
                if let Some(c) = &mut self.conn {
                    c.clear_text_warning = false;
                }
            }
            Action::StrategySubmit => self.submit_strategy(),
            Action::StrategyAsk(confirm) => {
                if let Some(ed) = &mut self.view.strategy {
                    ed.note = None;
                    ed.confirm = Some(confirm);
                }
            }
            Action::StrategyCancelConfirm => {
                if let Some(ed) = &mut self.view.strategy {
                    ed.confirm = None;
                }
            }
            Action::StrategyConfirmed => {
                let Some(ed) = &mut self.view.strategy else {
                    return;
                };
                let Some(confirm) = ed.confirm.take() else {
                    return;
                };
                let op = match confirm {
                    StrategyConfirm::Create { param, .. } => StrategyOp::Create(param),
                    StrategyConfirm::Modify { param, .. } => StrategyOp::Modify(param),
                    StrategyConfirm::Delete => StrategyOp::Delete,
                    StrategyConfirm::Pause => StrategyOp::Pause,
                    StrategyConfirm::Resume => StrategyOp::Resume,
                };
                let target = ed.target;
                self.write_strategy(target, op);
            }
            Action::PickRestorePoint(ms) => {
                let picked = self.view.selected.and_then(|target| {
                    let timeline = self.data.timelines.get(&target)?.value.as_ref()?;
                    let range = timeline.recoverable_at(ms)?;
                    let utc = chrono::DateTime::from_timestamp_millis(ms)?;
                    Some(ocp_api::time::OcpDateTime::from(
                        utc.with_timezone(&range.start.offset()),
                    ))
                });
                self.view.restore_point_missed = picked.is_none();
                self.view.restore_point = picked;
            }
            Action::OpenRestore(target) => {
                let picked = self
                    .view
                    .restore_point
                    .as_ref()
                    .filter(|_| self.view.selected == Some(target));
                let mut w = RestoreWizard::new(target, picked);
                // The offline source's files come from the cluster the request names.
                if let Some(c) = self.data.cluster(target.cluster()) {
                    w.offline.cluster_name = c.name.clone();
                }
                self.view.restore = Some(w);
                if target.tenant().is_some() {
                    self.load_timeline(target);
                }
            }
            Action::RestoreGoto(step) => {
                let tr = self.tr();
                let Some(w) = &mut self.view.restore else {
                    return;
                };
                if w.step == RestoreStep::Source
                    && step != RestoreStep::Source
                    && w.source_kind == SourceKind::Offline
                {
                    // Errors show beside their fields from the first try on; nothing moves on.
                    w.offline_checked = true;
                    if !w.offline.errors(tr).is_empty() {
                        return;
                    }
                }
                w.step = step;
                w.error = None;
                if step == RestoreStep::Preview {
                    self.start_preview();
                }
            }
            Action::RestoreTargetCluster(cluster) => {
                let Some(w) = &mut self.view.restore else {
                    return;
                };
                w.target_cluster = Some(cluster);
                let loaded = self
                    .data
                    .tenants
                    .get(&cluster)
                    .is_some_and(|l| l.value.is_some());
                if !loaded {
                    self.load_tenants(cluster);
                }
            }
            Action::SubmitRestore => {
                if self.worker.any_busy(|j| matches!(j, Job::Restore(_))) {
                    return;
                }
                if let Some(w) = &mut self.view.restore {
                    w.error = None;
                }
                if let (Some(c), Some((source, param))) = (self.client(), self.restore_param()) {
                    self.worker.spawn(
                        Job::Restore(source),
                        requests::restore(c, source.cluster(), param),
                    );
                }
            }
            Action::AddRestoreSources => {
                let Some(w) = &mut self.view.restore else {
                    return;
                };
                let (Some(cluster), Ok(paths)) = (
                    w.target_cluster,
                    restore_form::restore_source_paths(&w.sources_text),
                ) else {
                    return;
                };
                if paths.is_empty() {
                    return;
                }
                w.sources_error = None;
                if let Some(c) = self.client() {
                    self.worker.spawn(
                        Job::RestoreSources(cluster),
                        requests::add_restore_sources(c, cluster, paths),
                    );
                }
            }
            Action::ClearRestoreSources => {
                let Some(w) = &mut self.view.restore else {
                    return;
                };
                let Some(cluster) = w.target_cluster else {
                    return;
                };
                w.sources_error = None;
                if let Some(c) = self.client() {
                    self.worker.spawn(
                        Job::RestoreSources(cluster),
                        requests::clear_restore_sources(c, cluster),
                    );
                }
            }
            Action::CloseRestore => {
                if !self.worker.any_busy(|j| matches!(j, Job::Restore(_))) {
                    self.view.restore = None;
                }
            }
            Action::StrategyExport => self.export_strategy(),
            Action::StrategyImport => {
                let Some(target) = self.view.strategy.as_ref().map(|e| e.target) else {
                    return;
                };
                let fut = self.files.open(FileKind::Json);
                let (tx, ctx) = (self.file_sender.clone(), self.ctx.clone());
                self.worker.runtime().spawn(async move {
                    if let Some(path) = fut.await {
                        let text = tokio::fs::read_to_string(&path)
                            .await
                            .map_err(|e| e.to_string());
                        let _ = tx.send(FileEvent::StrategyRead(target, path, text));
                        ctx.request_repaint();
                    }
                });
            }
            Action::StrategyDiscard => {
                if let Some(ed) = &mut self.view.strategy {
                    ed.form = ed.original.clone();
                    ed.errors.clear();
                    ed.note = None;
                    ed.error = None;
                }
            }
        }
    }

    /// Loads the strategy editor's form once the selected target's strategy is known.
    fn sync_strategy_editor(&mut self) {
        let (Tab::Strategy, Some(target)) = (self.view.tab, self.view.selected) else {
            return;
        };
        if self
            .view
            .strategy
            .as_ref()
            .is_some_and(|e| e.target == target)
            || self.worker.is_busy(&Job::Strategy(target))
            || self.worker.is_busy(&Job::StrategyWrite(target))
        {
            return;
        }
        if let Some(Some(loaded)) = self.data.strategies.get(&target).map(|l| l.value.clone()) {
            self.view.strategy = Some(StrategyEditor::new(target, loaded));
        }
    }

    fn submit_strategy(&mut self) {
        let tr = self.tr();
        let Some(ed) = &mut self.view.strategy else {
            return;
        };
        ed.note = None;
        ed.error = None;
        match ed.check(tr) {
            Err(errors) => ed.errors = errors,
            Ok(param) => {
                ed.errors.clear();
                if ed.base.is_none() {
                    ed.confirm = Some(StrategyConfirm::Create {
                        rows: ed.form.summary(tr),
                        param: StrategyBody(Box::new(param)),
                    });
                    return;
                }
                let rows = ed.form.diff(&ed.original, tr);
                if rows.is_empty() {
                    ed.note = Some(tr.nothing_changed.to_owned());
                } else {
                    ed.confirm = Some(StrategyConfirm::Modify {
                        rows,
                        param: StrategyBody(Box::new(param)),
                    });
                }
            }
        }
    }

    fn write_strategy(&mut self, target: Target, op: StrategyOp) {
        if let Some(c) = self.client() {
            self.worker.spawn(
                Job::StrategyWrite(target),
                requests::strategy_write(c, target, op),
            );
        }
    }

    /// Writes the form as JSON, after the same checks as a send; secrets only when ticked.
    fn export_strategy(&mut self) {
        let tr = self.tr();
        let Some(ed) = &mut self.view.strategy else {
            return;
        };
        ed.note = None;
        let cluster = matches!(ed.target, Target::Cluster(_));
        let json = match ed.form.export_json(tr, cluster, ed.include_secrets) {
            Ok(json) => {
                ed.errors.clear();
                json
            }
            Err(errors) => {
                ed.errors = errors;
                ed.note = Some(tr.export_invalid.to_owned());
                return;
            }
        };
        let name = match ed.target {
            Target::Cluster(c) => self.data.cluster(c).map(|c| c.name.clone()),
            Target::Tenant { cluster, tenant } => {
                self.data.tenant(cluster, tenant).map(|t| t.name.clone())
            }
        };
        let name = format!("{}-backup-strategy.json", name.as_deref().unwrap_or("ocp"));
        // With its secrets, the file is for its owner only.
        let private = self
            .view
            .strategy
            .as_ref()
            .is_some_and(|e| e.include_secrets);
        self.save_file(FileKind::Json, name, json, private);
    }

    /// Puts an imported strategy into the form and checks it; the user reviews and sends.
    fn strategy_imported(&mut self, target: Target, path: &Path, text: Result<String, String>) {
        let tr = self.tr();
        let Some(ed) = self.view.strategy.as_mut().filter(|e| e.target == target) else {
            return;
        };
        let form = text.and_then(|t| StrategyForm::import_json(&t).map_err(|e| e.0));
        match form {
            Ok(form) => {
                ed.form = form.imported_over(&ed.form);
                ed.confirm = None;
                ed.error = None;
                ed.errors = ed.check(tr).err().unwrap_or_default();
                let file = path.file_name().unwrap_or(path.as_os_str());
                ed.note = Some(tr.imported_note.replace("{}", &file.to_string_lossy()));
            }
            Err(e) => ed.error = Some(UiError::invalid(format!("{}: {e}", tr.import_failed))),
        }
    }

    fn ensure_table(&mut self, table: TableId) {
        if !self.data.tables.contains_key(&table) {
            let page_size = self.settings.page_size;
            self.data.table(table, page_size);
            self.run_tasks(table, false);
        }
    }

    fn export_csv(&mut self, table: TableId) {
        let Some(t) = self.data.tables.get(&table) else {
            return;
        };
        let csv = t.to_csv(self.tr());
        let name = format!("ocp-{:?}-tasks.csv", table.kind).to_lowercase();
        self.save_file(FileKind::Csv, name, csv, false);
    }

    /// Asks where to save, then writes `contents` off the UI thread; the outcome comes back
    /// as a file event (a toast). A `private` file (one holding secrets) is readable by its
    /// owner only.
    fn save_file(&mut self, kind: FileKind, default_name: String, contents: String, private: bool) {
        let fut = self.files.save(kind, default_name);
        let (tx, ctx) = (self.file_sender.clone(), self.ctx.clone());
        self.worker.runtime().spawn(async move {
            if let Some(path) = fut.await {
                let result = crate::files::write(&path, contents.as_bytes(), private)
                    .await
                    .map(|_| path)
                    .map_err(|e| e.to_string());
                let _ = tx.send(FileEvent::FileWritten(result));
                ctx.request_repaint();
            }
        });
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        for event in self.worker.drain() {
            self.on_event(event.job, event.result);
        }
        while let Ok(event) = self.file_events.try_recv() {
            match event {
                FileEvent::CaCertPicked(path) => {
                    if let Some(ed) = &mut self.view.editor {
                        ed.profile.ca_cert = Some(path);
                    }
                }
                FileEvent::FileWritten(Ok(path)) => {
                    let text = format!("{} {}", self.tr().exported, path.display());
                    self.notify(Level::Success, text, None);
                }
                FileEvent::FileWritten(Err(e)) => self.report(UiError::invalid(e)),
                FileEvent::StrategyRead(target, path, text) => {
                    self.strategy_imported(target, &path, text)
                }
            }
        }
        if ctx.input_mut(|i| i.consume_shortcut(&REFRESH) || i.consume_shortcut(&REFRESH_ALT)) {
            self.actions.push(Action::Refresh);
        }
        self.auto_refresh(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let title = match &self.conn {
            Some(c) if c.demo => format!("{} — {}", self.tr().app_title, self.tr().demo_suffix),
            Some(c) => format!("{} — {}", self.tr().app_title, c.label),
            None => self.tr().app_title.to_owned(),
        };
        if title != self.window_title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
        self.sync_strategy_editor();
        let mut actions = std::mem::take(&mut self.actions);
        views::show(ui, self, &mut actions);
        self.toasts.show(ui.ctx());
        for action in actions {
            self.apply(action);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Settings::STORAGE_KEY, &self.settings);
    }
}
