//! The app: the frame loop, the data every feature shares, and the routing. Each feature
//! (`connections/`, `navigator/`, `overview/`, `tasks/`, `strategy/`, `timeline/`, `restore/`)
//! keeps its state, views, requests and result handling in its folder. Views read state and
//! return [`Action`]s; [`App::apply`] is the one place they take effect. Finished requests come
//! back from the worker as typed [`Done`] results, routed to their feature.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::error::UiError;
use crate::files::{FileKind, FilePicker};
use crate::i18n::Lang;
use crate::model::{Job, TableId, Target};
use crate::secrets::SecretStore;
use crate::settings::{Settings, Startup};
use crate::state::{Data, Tab, ViewState};
use crate::worker::{Request, Worker};
use crate::{connections, health, navigator, overview, restore, strategy, tasks, timeline, ui};

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

/// Where the demo connection goes: the embedded simulator, or the one a test runs.
#[derive(Clone)]
pub struct DemoTarget {
    pub base_url: String,
    pub username: String,
    pub password: String,
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
    /// The OCP's version, read once on connect; `client` then refuses what it lacks. `None`
    /// until read (or when reading failed): everything is offered, as for the newest OCP.
    pub version: Option<ocp_api::OcpVersion>,
}

impl Connection {
    /// The OCP's version when it lacks the operation (the generated capability table decides);
    /// `None` when it has it or its version is not known.
    pub fn lacks(&self, operation: ocp_api::Operation) -> Option<&ocp_api::OcpVersion> {
        self.version
            .as_ref()
            .filter(|v| !ocp_api::supports(operation, v))
    }
}

/// What a view asks the app to do: the app's own actions, or one of a feature.
#[must_use]
#[derive(Clone, Debug)]
pub enum Action {
    Refresh,
    Select(Target),
    SetTab(Tab),
    SetLang(Lang),
    SetAutoRefresh(bool),
    SetTimeZone(crate::ui::format::TimeZone),
    DismissError,
    DismissClearTextWarning,
    Connections(connections::Action),
    Navigator(navigator::Action),
    Overview(overview::Action),
    Tasks(tasks::Action),
    Strategy(strategy::Action),
    Timeline(timeline::Action),
    Restore(restore::Action),
    Health(health::Action),
}

/// A finished job with its typed result, for the feature that asked.
pub enum Done {
    Connections(connections::Done),
    Navigator(navigator::Done),
    Overview(overview::Done),
    Tasks(tasks::Done),
    Strategy(strategy::Done),
    Timeline(timeline::Done),
    Restore(restore::Done),
    Health(health::Done),
    /// A file was saved where the user chose (`None`: the dialog was cancelled).
    FileSaved(Result<Option<PathBuf>, UiError>),
}

macro_rules! feature_routes {
    ($($feature:ident => $variant:ident),* $(,)?) => {$(
        impl From<$feature::Action> for Action {
            fn from(a: $feature::Action) -> Self {
                Action::$variant(a)
            }
        }
        impl From<$feature::Done> for Done {
            fn from(d: $feature::Done) -> Self {
                Done::$variant(d)
            }
        }
    )*};
}

feature_routes! {
    connections => Connections,
    navigator => Navigator,
    overview => Overview,
    tasks => Tasks,
    strategy => Strategy,
    timeline => Timeline,
    restore => Restore,
    health => Health,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    /// Something went wrong that the app works around (a failed refresh of a followed task).
    Warning,
    Error,
}

pub struct App {
    pub settings: Settings,
    pub secrets: Box<dyn SecretStore>,
    pub worker: Worker,
    pub conn: Option<Connection>,
    pub data: Data,
    pub view: ViewState,
    pub connections: connections::State,
    pub navigator: navigator::State,
    pub overview: overview::State,
    pub tasks: tasks::State,
    pub strategy: strategy::State,
    pub timeline: timeline::State,
    pub restore: restore::State,
    pub health: health::State,
    pub(crate) files: Arc<dyn FilePicker>,
    /// The embedded simulator, when this app started it.
    pub(crate) demo_sim: Option<ocp_sim::SimHandle>,
    pub(crate) demo_target: Option<DemoTarget>,
    /// The OCP version the embedded simulator behaves as (`None`: its default, the newest).
    pub(crate) demo_version: Option<ocp_sim::Version>,
    toasts: egui_notify::Toasts,
    /// File dialogs opened so far (each one's job key).
    dialogs: u64,
    /// Actions raised by result handling (e.g. select the first cluster), applied next frame.
    actions: Vec<Action>,
    last_auto_refresh: Instant,
    /// The title last sent to the window: a viewport command asks for a repaint, so sending it
    /// every frame kept the app repainting forever (≈ 170 % CPU while idle).
    window_title: String,
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
        let mut app = App {
            settings,
            secrets: options.secrets,
            worker,
            conn: None,
            data: Data::default(),
            view: ViewState::default(),
            connections: Default::default(),
            navigator: Default::default(),
            overview: Default::default(),
            tasks: Default::default(),
            strategy: Default::default(),
            timeline: Default::default(),
            restore: Default::default(),
            health: health::State::new(),
            files: options.files,
            demo_sim: None,
            demo_target: None,
            demo_version: None,
            toasts: egui_notify::Toasts::default(),
            dialogs: 0,
            actions: Vec::new(),
            last_auto_refresh: Instant::now(),
            window_title: String::new(),
        };
        match options.demo {
            DemoChoice::Start => app.connect(Startup::Demo),
            DemoChoice::Use {
                base_url,
                username,
                password,
            } => {
                app.demo_target = Some(DemoTarget {
                    base_url,
                    username,
                    password,
                });
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

    /// How values are written now: language, display zone, OCP's zone once known.
    pub fn fmt(&self) -> ui::format::Format {
        ui::format::Format {
            lang: self.settings.lang,
            zone: self.settings.time_zone,
            ocp_offset: self.data.ocp_offset(),
        }
    }

    /// Queues an action as if a view had returned it (tests drive the app this way too).
    pub fn push(&mut self, action: impl Into<Action>) {
        self.actions.push(action.into());
    }

    pub fn is_demo(&self) -> bool {
        self.conn.as_ref().is_some_and(|c| c.demo)
    }

    /// The OCP's version when it lacks the operation (see [`Connection::lacks`]).
    pub(crate) fn lacks(&self, operation: ocp_api::Operation) -> Option<&ocp_api::OcpVersion> {
        self.conn.as_ref().and_then(|c| c.lacks(operation))
    }

    pub(crate) fn client(&self) -> Option<ocp_api::Client> {
        self.conn.as_ref().map(|c| c.client.clone())
    }

    /// Runs the request built for the current connection, if there is one.
    pub(crate) fn run(&mut self, request: impl FnOnce(ocp_api::Client) -> Request) {
        if let Some(c) = self.client() {
            self.worker.run(request(c));
        }
    }

    /// A toast; with an error, the error panel shows it in full.
    pub(crate) fn notify(&mut self, level: Level, text: String, error: Option<UiError>) {
        match level {
            Level::Info => {
                self.toasts.info(text);
            }
            Level::Success => {
                self.toasts.success(text);
            }
            Level::Warning => {
                self.toasts.warning(text);
            }
            Level::Error => {
                self.toasts.error(text).duration(None).closable(true);
            }
        }
        if let Some(e) = error {
            self.view.error_panel = Some(e);
        }
    }

    pub(crate) fn report(&mut self, e: UiError) {
        let text = format!("{} {}", ui::errors::explain(self.tr(), &e), e.summary());
        self.notify(Level::Error, text, Some(e));
    }

    /// Asks where to save, then writes `contents` off the UI thread; the outcome comes back
    /// as [`Done::FileSaved`] (a toast). A `private` file (one holding secrets) is readable by
    /// its owner only.
    pub(crate) fn save_file(
        &mut self,
        kind: FileKind,
        default_name: String,
        contents: String,
        private: bool,
    ) {
        let dialog = self.files.save(kind, default_name);
        let save = async move {
            let Some(path) = dialog.await else {
                return Ok(None);
            };
            crate::files::write(&path, contents.as_bytes(), private)
                .await
                .map(|()| Some(path))
                .map_err(|e| UiError::invalid(e.to_string()))
        };
        let job = self.dialog_job();
        self.worker.run(Request::new(job, save, Done::FileSaved));
    }

    /// The key of a new file dialog.
    pub(crate) fn dialog_job(&mut self) -> Job {
        self.dialogs += 1;
        Job::FileDialog(self.dialogs)
    }

    // ---- the frame's reloads -----------------------------------------------------------------

    /// F5: reload what is on screen.
    fn refresh(&mut self) {
        if self.health.shown {
            self.refresh_health();
        }
        let Some(conn) = &self.conn else {
            return;
        };
        if conn.version.is_none() {
            // Reading it failed last time: read it again; the lists follow it.
            return self.run(connections::requests::server_version);
        }
        self.load_clusters();
        let expanded: Vec<i64> = self.navigator.expanded.iter().copied().collect();
        for cluster in expanded {
            self.load_tenants(cluster);
        }
        if let Some(target) = self.view.selected {
            self.load_target(target);
            if self.view.tab == Tab::Timeline {
                self.load_timeline(target);
            }
            if let Tab::Tasks(kind) = self.view.tab {
                self.rerun_tasks(TableId { target, kind });
            }
        }
        for id in self.tasks.followed.clone() {
            self.load_instance(id);
        }
    }

    /// Tables with moving tasks, and followed task instances, refresh themselves.
    fn auto_refresh(&mut self, ctx: &egui::Context) {
        if !self.settings.auto_refresh || self.conn.is_none() {
            return;
        }
        let instance_running = self
            .tasks
            .followed
            .iter()
            .any(|&id| self.instance_running(id));
        let table = self.shown_table();
        let table_running = table
            .and_then(|t| self.tasks.tables.get(&t))
            .is_some_and(|t| t.any_running());
        let badges = self.running_badges();
        if !instance_running && !table_running && badges.is_empty() {
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
            self.rerun_tasks(table);
        }
        for id in self.tasks.followed.clone() {
            if !self.worker.is_busy(&Job::TaskInstance(id)) {
                self.load_instance(id);
            }
        }
        // A badge showing a running backup, and its cluster's overview (whose schedule status
        // the navigator shows), follow it until it ends.
        let mut clusters: Vec<i64> = badges.iter().map(|t| t.cluster()).collect();
        clusters.dedup();
        for target in badges {
            if !self.worker.is_busy(&Job::TenantBadge(target)) {
                self.run(|c| navigator::requests::tenant_badge(c, target));
            }
        }
        for cluster in clusters {
            if !self.worker.is_busy(&Job::ClusterOverview(cluster)) {
                self.run(|c| overview::requests::cluster_overview(c, cluster));
            }
        }
    }

    /// The tenant badges on screen (the navigator's expanded clusters, the selected tenant's
    /// overview) whose last backup is running.
    fn running_badges(&self) -> Vec<Target> {
        let mut shown: Vec<Target> = self
            .data
            .badges
            .iter()
            .filter(|(t, b)| {
                b.running()
                    && (self.navigator.expanded.contains(&t.cluster())
                        || self.view.selected == Some(**t))
            })
            .map(|(t, _)| *t)
            .collect();
        shown.sort_by_key(|t| (t.cluster(), t.tenant()));
        shown
    }

    /// The task table on screen, if a task tab is open.
    pub(crate) fn shown_table(&self) -> Option<TableId> {
        match (self.view.selected, self.view.tab) {
            (Some(target), Tab::Tasks(kind)) => Some(TableId { target, kind }),
            _ => None,
        }
    }

    // ---- routing -----------------------------------------------------------------------------

    fn on_done(&mut self, done: Done) {
        match done {
            Done::Connections(d) => self.on_connections_done(d),
            Done::Navigator(d) => self.on_navigator_done(d),
            Done::Overview(d) => self.on_overview_done(d),
            Done::Tasks(d) => self.on_tasks_done(d),
            Done::Strategy(d) => self.on_strategy_done(d),
            Done::Timeline(d) => self.on_timeline_done(d),
            Done::Restore(d) => self.on_restore_done(d),
            Done::Health(d) => self.on_health_done(d),
            Done::FileSaved(Ok(Some(path))) => {
                let text = self.tr().exported(&path);
                self.notify(Level::Success, text, None);
            }
            Done::FileSaved(Ok(None)) => {}
            Done::FileSaved(Err(e)) => self.report(e),
        }
    }

    /// The one place where what views asked for changes the state.
    fn apply(&mut self, action: Action) {
        match action {
            Action::Refresh => self.refresh(),
            Action::Select(target) => self.select(target),
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
                self.strategy.language_changed(lang.tr());
                if let Some(conn) = &mut self.conn
                    && conn.demo
                {
                    conn.label = lang.tr().demo_connection.to_owned();
                }
            }
            Action::SetAutoRefresh(on) => self.settings.auto_refresh = on,
            Action::SetTimeZone(zone) => self.settings.time_zone = zone,
            Action::DismissError => self.view.error_panel = None,
            Action::DismissClearTextWarning => {
                if let Some(c) = &mut self.conn {
                    c.clear_text_warning = false;
                }
            }
            Action::Connections(a) => self.apply_connections(a),
            Action::Navigator(a) => self.apply_navigator(a),
            Action::Overview(a) => self.apply_overview(a),
            Action::Tasks(a) => self.apply_tasks(a),
            Action::Strategy(a) => self.apply_strategy(a),
            Action::Timeline(a) => self.apply_timeline(a),
            Action::Restore(a) => self.apply_restore(a),
            Action::Health(a) => self.apply_health(a),
        }
    }

    fn select(&mut self, target: Target) {
        if self.view.selected != Some(target) {
            self.timeline.clear_pick();
        }
        self.view.selected = Some(target);
        self.health.shown = false;
        if self.view.tab == Tab::Timeline {
            self.load_timeline(target);
        }
        if let Target::Cluster(id) = target
            && self.navigator.expanded.insert(id)
        {
            self.load_tenants(id);
        }
        self.load_target(target);
        if let Tab::Tasks(kind) = self.view.tab {
            self.ensure_table(TableId { target, kind });
        }
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        for done in self.worker.drain() {
            self.on_done(done);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&REFRESH) || i.consume_shortcut(&REFRESH_ALT)) {
            self.actions.push(Action::Refresh);
        }
        self.auto_refresh(ctx);
        crate::window::fit_first_run(ctx, &mut self.settings);
        self.health_auto_refresh(ctx);
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
        self.sync_health();
        // The table on screen exists before it is drawn (its form is the view's to edit).
        if let Some(table) = self.shown_table() {
            self.tasks.table(table, self.settings.page_size);
        }
        let mut actions = std::mem::take(&mut self.actions);
        actions.extend(ui::show(ui, self));
        self.toasts.show(ui.ctx());
        crate::first_paint::mark(ui);
        for action in actions {
            self.apply(action);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Settings::STORAGE_KEY, &self.settings);
    }
}
