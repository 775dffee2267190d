//! [`VisitorState::apply`]: one Glance event in, the parts it changed and the replies out.

use super::*;

impl VisitorState {
    /// Applies one event. See the module documentation for the rules.
    pub fn apply(&mut self, event: VisitorEvent) -> Update {
        use VisitorEvent as E;
        let changes = match event {
            E::SessionStarting => {
                self.session.phase = SessionPhase::Starting;
                self.connection = Connection::Ok;
                self.agents.count = 0;
                self.agents.known = false;
                self.agents.list = None;
                self.session.state_received = false;
                self.session.paused = false;
                self.session.leaving = false;
                self.rc_enabled = false;
                self.page.masked = false;
                Changes::SESSION | Changes::CONNECTION | Changes::AGENTS | Changes::REMOTE_CONTROL | Changes::PAGE
            }
            E::SessionStart => {
                self.session.phase = SessionPhase::Active { continued: false };
                Changes::SESSION
            }
            E::SessionContinue => {
                if !matches!(self.session.phase, SessionPhase::Active { .. }) {
                    self.session.phase = SessionPhase::Active { continued: true };
                }
                Changes::SESSION
            }
            E::StateReceived => {
                self.session.state_received = true;
                if self.session.phase == SessionPhase::Idle {
                    self.session.phase = SessionPhase::Active { continued: true };
                }
                Changes::SESSION
            }
            E::SessionEnd { reason } => return self.end_session(reason),
            E::Error(error) => {
                let mut changes = Changes::NONE;
                if error.code == ErrorCode::ConnDrop {
                    self.connection = Connection::Dropped;
                    changes |= Changes::CONNECTION;
                }
                changes | self.push_error(error)
            }
            E::Agents { count, agentlist } => {
                self.agents.count = count;
                self.agents.known = true;
                self.agents.list = agentlist;
                Changes::AGENTS
            }
            E::Blur => {
                self.flags.focused = false;
                Changes::FLAGS
            }
            E::Focus => {
                self.flags.focused = true;
                Changes::FLAGS
            }
            E::Request(request) => return self.open_prompt(request, None),
            E::Rc { enabled } => {
                self.rc_enabled = enabled;
                Changes::REMOTE_CONTROL
            }
            E::Accessibility { enabled } => {
                self.flags.accessibility = enabled;
                Changes::FLAGS
            }
            E::ReverseEnded => {
                let mut update = self.close_prompt(PromptKind::ReverseSession);
                self.reverse_stage = ReverseSession::Ended;
                update.changes |= Changes::REVERSE;
                return update;
            }
            E::Screenshare(info) => {
                let failed = info.state.is_error();
                let view = self.view(&info.view);
                view.share = Some(info.state);
                view.paused = info.paused;
                if info.agentnum.is_some() {
                    view.agentnum = info.agentnum;
                }
                if info.size.is_some() {
                    view.params = info.size;
                }
                let mut changes = Changes::VIEWS;
                if failed {
                    changes |= self.push_error(GlanceError {
                        params: Value::Object(vec![("screenshareView".into(), Value::String(info.view))]),
                        ..GlanceError::kit(ErrorCode::ScreenshareFailed, "")
                    });
                }
                changes
            }
            E::ScreensharePause { view } => {
                self.view(&view).paused = true;
                Changes::VIEWS
            }
            E::ScreenshareResume { view } => {
                self.view(&view).paused = false;
                Changes::VIEWS
            }
            E::ViewerInfo(info) => {
                let view = self.view(&info.view);
                if info.screen.is_some() {
                    view.screen = info.screen;
                }
                if info.scaledview.is_some() {
                    view.scaled = info.scaledview;
                }
                if let Some(stats) = info.stats {
                    let old = view.stats.unwrap_or_default();
                    view.stats = Some(ViewerStats {
                        fpslimit: stats.fpslimit.or(old.fpslimit),
                        viewerfps: stats.viewerfps.or(old.viewerfps),
                        displayfps: stats.displayfps.or(old.displayfps),
                    });
                }
                Changes::VIEWS
            }
            E::Connection { status } => {
                self.connection = match status {
                    ConnectionStatus::Ok => Connection::Ok,
                    ConnectionStatus::Reconnecting => Connection::Reconnecting,
                };
                Changes::CONNECTION
            }
            E::SessionPaused { paused } => {
                self.session.paused = paused;
                Changes::SESSION
            }
            E::Ready => {
                self.session.ready = true;
                Changes::SESSION
            }
            E::PageMasked { masked } => {
                self.page.masked = masked;
                Changes::PAGE
            }
            E::LeaveSession => {
                self.session.leaving = true;
                Changes::SESSION
            }
            E::RecoverSession | E::NavigationAssist { .. } | E::Unknown { .. } => Changes::NONE,
            E::WidgetMoved { left, bottom } => {
                let was = self.widget.corner.unwrap_or_default();
                self.widget.corner =
                    Some(WidgetCorner { left: left.unwrap_or(was.left), bottom: bottom.unwrap_or(was.bottom) });
                self.widget.offset = (0.0, 0.0);
                Changes::WIDGET
            }
            E::MaskingError { reason } => {
                self.push_error(GlanceError::kit(ErrorCode::MaskingError, reason.unwrap_or_default()))
            }
            E::DocumentNotSent { name, reason, size } => {
                let mut params = Vec::new();
                if let Some(name) = name {
                    params.push(("name".to_owned(), Value::String(name)));
                }
                if let Some(size) = size {
                    params.push(("size".to_owned(), Value::Number(size)));
                }
                self.push_error(GlanceError {
                    params: Value::Object(params),
                    ..GlanceError::kit(ErrorCode::DocumentNotSent, reason.unwrap_or_default())
                })
            }
            E::ViewerClosing { reason, .. } => {
                self.push_error(GlanceError::kit(ErrorCode::ViewerClosing, reason.unwrap_or_default()))
            }
            E::VideoBgFilterFailed { failuremode, .. } => {
                let mut changes =
                    self.push_error(GlanceError::kit(ErrorCode::VideoBgFilterFailed, failuremode.unwrap_or_default()));
                if self.media.video.phase == MediaPhase::Running {
                    self.media.video.phase = MediaPhase::Paused;
                    changes |= Changes::MEDIA;
                }
                changes
            }
            E::FileDownloading => {
                self.page.file_download = true;
                Changes::PAGE
            }
            E::FileDownloaded => {
                self.page.file_download = false;
                Changes::PAGE
            }
            E::WidgetMoving { left, bottom } => {
                let (x, y) = self.widget.offset;
                self.widget.offset = (x + left, y + bottom);
                Changes::WIDGET
            }
            E::VisitorVideo(info) => {
                let video = &mut self.media.video;
                if let Some(size) = info.size {
                    video.size = size;
                }
                if info.camera.is_some() {
                    video.camera = info.camera;
                }
                if let Some(on) = info.bgfilter {
                    video.bgfilter = on;
                }
                Changes::MEDIA
            }
            E::VisitorVideoStarted { size } => {
                self.media.video.phase = MediaPhase::Running;
                if size.is_some() {
                    self.media.video.dimensions = size;
                }
                Changes::MEDIA
            }
            E::VisitorVideoPaused => {
                if self.media.video.phase != MediaPhase::Off {
                    self.media.video.phase = MediaPhase::Paused;
                }
                Changes::MEDIA
            }
            E::VisitorVideoResumed => {
                self.media.video.phase = MediaPhase::Running;
                Changes::MEDIA
            }
            E::VisitorVideoEnded => {
                self.media.video.phase = MediaPhase::Off;
                Changes::MEDIA
            }
            E::VisitorVideoResize { size } => {
                self.media.video.size = size;
                Changes::MEDIA
            }
            E::VisitorVideoError { error } => self.push_error(GlanceError::kit(ErrorCode::VisitorVideoError, error)),
            E::VisitorScreenshareStarted => {
                self.media.screenshare = MediaPhase::Running;
                Changes::MEDIA
            }
            E::VisitorScreensharePaused => {
                if self.media.screenshare != MediaPhase::Off {
                    self.media.screenshare = MediaPhase::Paused;
                }
                Changes::MEDIA
            }
            E::VisitorScreenshareEnded => {
                self.media.screenshare = MediaPhase::Off;
                Changes::MEDIA
            }
        };
        Update::of(changes)
    }

    fn end_session(&mut self, reason: Option<EndReason>) -> Update {
        let mut update = Update::of(
            Changes::SESSION
                | Changes::AGENTS
                | Changes::REMOTE_CONTROL
                | Changes::REVERSE
                | Changes::MEDIA
                | Changes::PAGE
                | Changes::WIDGET,
        );
        // Each part ends the session its own way.
        self.session.end(reason);
        // The session is gone: its requests are over, and Glance's callbacks would throw now.
        let kinds: Vec<PromptKind> = self.requests.keys().copied().collect();
        for kind in kinds {
            self.requests.remove(&kind);
            update.changes |= Self::change_of(kind);
        }
        self.rc_enabled = false;
        self.reverse_stage = ReverseSession::Idle;
        self.agents.end();
        self.page = Page::default();
        self.widget = Widget::default();
        self.media.end();
        // Which tab has the session means nothing without one: the next starts focused.
        if !self.flags.focused {
            self.flags.focused = true;
            update.changes |= Changes::FLAGS;
        }
        if self.connection == Connection::Reconnecting {
            self.connection = Connection::Ok;
            update.changes |= Changes::CONNECTION;
        }
        for view in self.views.values_mut() {
            if view.live() || view.paused {
                view.share = Some(ShareState::Ended);
                view.paused = false;
                update.changes |= Changes::VIEWS;
            }
        }
        update
    }
}
