/**
 * The app's state outside React (STYLE "state kept in plain models"): navigation, the open prompt,
 * the flash line (cleared after a few seconds), the split toggle, the current view's hints, the
 * table models kept per view, and the connection banner. app.tsx renders from it and re-renders
 * when `version` changes. Handles the commands that move between views (`:`, esc, `[`/`]`, 0–9).
 * It watches the cluster's CRDs so that `:` knows the custom kinds (custom-resources.ts); a
 * command naming one that is typed before that first list is in runs once it is.
 */
import type { ApiClient } from '../../shared/client/client.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { customColumnsPrinter } from '../../shared/printers/custom-columns.js';
import { printerFor, type Printer } from '../../shared/printers/table.js';
import type { FlashLevel, FlashMessage } from '../components/flash.js';
import type { PromptRequest } from '../components/prompt.js';
import { tableScopes, type Scope } from '../keys/bindings.js';
import type { AppCommand } from '../views/table-commands.js';
import { resolveAlias } from './aliases.js';
import { ClusterCache, type ConnectionState } from './cluster-cache.js';
import { parseCommandLine } from './command-line.js';
import { customResourceFor, setCustomResources } from './custom-resources.js';
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
  private readonly stopDiscovery: () => void;
  private isDiscovered = false;
  /** A `:` command that named no known kind before the CRDs were listed: tried again then. */
  private pendingCommand: string | undefined;

  constructor(private readonly options: AppControllerOptions) {
    this.cache = new ClusterCache({ client: options.client, clock: options.clock });
    const first = parseCommandLine(options.initialCommand ?? 'po', options.namespace);
    const pods: TableView = { type: 'table', resource: resolveAlias('po')!, namespace: options.namespace };
    this.nav = new Navigation(first.type === 'view' ? first.view : pods, options.namespace);
    if (first.type === 'error' && options.initialCommand) this.pendingCommand = options.initialCommand;
    this.stopConnection = this.cache.onConnection(() => this.changed());
    this.stopDiscovery = this.discoverCustomResources();
  }

  /** Follows the CRDs: every change rebuilds the custom kinds `:` resolves. */
  private discoverCustomResources(): () => void {
    const spec = { ref: crds };
    const refresh = (): void => {
      const current = this.nav.current;
      const wasServed = current.type === 'table' && customResourceFor(current.resource.group, current.resource.resource) !== undefined;
      setCustomResources(this.cache.list(spec));
      // The kind on screen went with its CRD: say so as kubectl would, rather than keep stale rows quiet.
      if (wasServed && current.type === 'table' && !customResourceFor(current.resource.group, current.resource.resource)) {
        this.flash(`the server doesn't have a resource type "${current.resource.resource}"`, 'error');
      }
    };
    return this.cache.subscribe(spec, {
      onAdd: () => this.isDiscovered && refresh(),
      onUpdate: () => refresh(),
      onDelete: () => refresh(),
      onSynced: () => {
        this.isDiscovered = true;
        refresh();
        const pending = this.pendingCommand;
        this.pendingCommand = undefined;
        if (pending) this.runCommandLine(pending);
      },
    });
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
    this.stopDiscovery();
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
      model = new TableModel({ resource: resource.resource, printer: printerOf(resource.group, resource.resource), showNamespace: resource.namespaced && spec.namespace === undefined, clock: this.options.clock });
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
    if (result.type === 'error' && !this.isDiscovered && result.message.startsWith('unknown command')) {
      this.pendingCommand = text;
      return;
    }
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

const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };

/** The kind's own printer; a custom kind prints its CRD's columns, as the server's Table does. */
function printerOf(group: string, resource: string): Printer {
  const custom = customResourceFor(group, resource);
  return custom ? customColumnsPrinter(custom.columns) : printerFor(group, resource);
}
