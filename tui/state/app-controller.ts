/**
 * The app's state outside React (STYLE "state kept in plain models"): navigation, the open prompt,
 * the flash line (cleared after a few seconds), the split toggle, the current view's hints, the
 * table models kept per view, and the connection banner. app.tsx renders from it and re-renders
 * when `version` changes. Handles the commands that move between views (`:`, esc, `[`/`]`, 0–9).
 */
import type { ApiClient } from '../../shared/client/client.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { printerFor } from '../../shared/printers/table.js';
import type { FlashLevel, FlashMessage } from '../components/flash.js';
import type { PromptRequest } from '../components/prompt.js';
import { tableScopes, type Scope } from '../keys/bindings.js';
import type { AppCommand } from '../views/table-commands.js';
import { resolveAlias } from './aliases.js';
import { ClusterCache, type ConnectionState } from './cluster-cache.js';
import { parseCommandLine } from './command-line.js';
import { Navigation, type TableView, type ViewSpec } from './navigation.js';
import { TableModel } from './table-model.js';

/** How long a flash message stays (k9s clears its flash after a few seconds too). */
export const flashMs = 5000;

export interface AppControllerOptions {
  client: ApiClient;
  clock: Clock;
  /** The kubeconfig context's namespace; undefined for all. */
  namespace: string | undefined;
  /** The first `:` command, `po` by default. */
  initialCommand?: string;
  onQuit(): void;
}

export class AppController {
  readonly nav: Navigation;
  readonly cache: ClusterCache;
  prompt: PromptRequest | undefined;
  flashMessage: FlashMessage | undefined;
  isSplit = false;
  hints: Array<[string, string]> = [];
  version = 0;
  private readonly models = new WeakMap<ViewSpec, TableModel>();
  private readonly listeners = new Set<() => void>();
  private flashTimer: Timer | undefined;
  private readonly stopConnection: () => void;

  constructor(private readonly options: AppControllerOptions) {
    this.cache = new ClusterCache({ client: options.client, clock: options.clock });
    const first = parseCommandLine(options.initialCommand ?? 'po', options.namespace);
    const pods: TableView = { type: 'table', resource: resolveAlias('po')!, namespace: options.namespace };
    this.nav = new Navigation(first.type === 'view' ? first.view : pods, options.namespace);
    this.stopConnection = this.cache.onConnection(() => this.changed());
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  close(): void {
    this.flashTimer?.cancel();
    this.stopConnection();
    this.cache.close();
  }

  /** The banner while the daemon does not answer; undefined while connected or connecting. */
  get banner(): string | undefined {
    const state: ConnectionState = this.cache.connection;
    return state.status === 'lost' ? `connection to the cluster lost (${state.message}); reconnecting…` : undefined;
  }

  modelFor = (spec: ViewSpec): TableModel | undefined => {
    if (spec.type !== 'table') return undefined;
    let model = this.models.get(spec);
    if (!model) {
      const { resource } = spec;
      model = new TableModel({ resource: resource.resource, printer: printerFor(resource.group, resource.resource), showNamespace: resource.namespaced && spec.namespace === undefined, clock: this.options.clock });
      this.models.set(spec, model);
    }
    return model;
  };

  /** The key scopes of the current view (help shows those of the view below it). */
  scopesOf(spec: ViewSpec): Scope[] {
    return spec.type === 'table' ? tableScopes(spec.resource.resource) : ['global'];
  }

  helpScopes(): Scope[] {
    const current = this.nav.current;
    return this.scopesOf(current.type === 'help' ? this.nav.underneath ?? current : current);
  }

  flash = (text: string, level: FlashLevel = 'info'): void => {
    this.flashMessage = { text, level };
    this.flashTimer?.cancel();
    this.flashTimer = this.options.clock.after(flashMs, () => {
      this.flashMessage = undefined;
      this.changed();
    });
    this.changed();
  };

  setHints = (hints: Array<[string, string]>): void => {
    this.hints = hints;
    this.changed();
  };

  ask = (request: PromptRequest): void => {
    this.prompt = request;
    this.changed();
  };

  closePrompt = (): void => {
    this.prompt = undefined;
    this.changed();
  };

  open = (view: ViewSpec): void => {
    this.nav.push(view);
    this.changed();
  };

  back = (): void => {
    if (this.nav.back()) this.changed();
  };

  /** `:` typed and entered. */
  runCommandLine = (text: string): void => {
    const result = parseCommandLine(text, this.nav.namespace);
    if (result.type === 'quit') return this.options.onQuit();
    if (result.type === 'error') return this.flash(result.message, 'error');
    if (result.view.type === 'help') this.nav.push(result.view);
    else this.nav.goTo(result.view);
    this.changed();
  };

  app = (command: AppCommand): void => {
    switch (command.type) {
      case 'back':
        return this.back();
      case 'quit':
        return this.options.onQuit();
      case 'historyBack':
        if (!this.nav.historyBack()) this.flash('no older command', 'warn');
        break;
      case 'historyForward':
        if (!this.nav.historyForward()) this.flash('no newer command', 'warn');
        break;
      case 'split':
        this.isSplit = !this.isSplit;
        break;
      case 'favourite': {
        const namespace = this.nav.favourite(command.index);
        if (!namespace) return this.flash(`no favourite namespace on ${command.index}`, 'warn');
        this.nav.switchNamespace(namespace);
        break;
      }
      case 'namespace':
        this.nav.switchNamespace(command.namespace);
        if (command.open) this.nav.goTo({ type: 'table', resource: resolveAlias('po')!, namespace: command.namespace });
        break;
    }
    this.changed();
  };

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
