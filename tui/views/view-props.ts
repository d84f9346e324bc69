/**
 * The props every TUI view receives from the app shell (tui/app.tsx).
 *
 * Owns: the contract between the shell (navigation, header, flash, key
 * dispatch) and the views mounted in its body (resource tables, describe,
 * yaml, logs, cluster map, xray, rules). Imitates k9s' view model: one active
 * view handles keys; the shell owns the frame around it.
 * Leaves out: view-specific props (each view adds its own, e.g. `target`).
 */
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';

export interface ObjectTarget { ref: ResourceRef; namespace?: string; name: string }

export interface ViewProps {
  client: ApiClient;            // an HttpClient (watch over WebSocket)
  width: number;                // columns available to the view's body
  height: number;               // rows available to the view's body (never print more: Ink flickers)
  isActive: boolean;            // only the active view handles keys (useInput({isActive}))
  flash(message: string, level?: 'info' | 'warn' | 'error'): void;   // one-line flash message
  back(): void;                 // esc / leave the view
  /** Keys this view offers, for the header and `?` help: [key, description] */
  setHints(hints: Array<[string, string]>): void;
}
