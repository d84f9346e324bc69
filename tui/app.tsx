/**
 * The TUI's top-level layout (k9s' frame): header (2 lines), crumbs, the current view's body,
 * and the flash/prompt line. Wiring only: state lives in state/app-controller.ts, views in views/.
 * Every frame is exactly `rows` tall (taller frames make Ink clear the screen and flicker).
 */
import { Box, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ApiClient } from '../shared/client/client.js';
import type { Clock } from '../shared/clock.js';
import { Crumbs } from './components/crumbs.js';
import { Flash } from './components/flash.js';
import { Header, type HeaderInfo } from './components/header.js';
import { Prompt } from './components/prompt.js';
import { hintsFor } from './keys/dispatch.js';
import { AppController } from './state/app-controller.js';
import type { OpenShell } from './state/shell-command.js';
import type { NodeAction } from './views/table-commands.js';
import { ViewBody } from './views/view-body.js';

export interface AppProps {
  client: ApiClient;
  clock: Clock;
  info: HeaderInfo;
  /** The first `:` command (default `po`). */
  initialCommand?: string;
  nodeAction?(name: string, action: NodeAction): Promise<void>;
  /** `s`: hands the terminal to a shell (tui/terminal-handoff.ts); absent in tests. */
  openShell?: OpenShell;
  onQuit(): void;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  size?: { columns: number; rows: number };
}

/** Header 2 lines, crumbs 1, flash 1. */
const chromeRows = 4;

function useTerminalSize(fixed: AppProps['size']): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = (): { columns: number; rows: number } => fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout, fixed]); // eslint-disable-line react-hooks/exhaustive-deps
  return size;
}

/**
 * The cluster clock, HH:MM: the header changes once a minute, so a quiet cluster draws no frame
 * (a seconds display would redraw the whole screen every second; issue #8 wants idle under 1 %).
 * The tick is cheap: React skips the render when the text is unchanged.
 */
function useClockText(clock: Clock): string {
  const format = (): string => new Date(clock.now()).toTimeString().slice(0, 5);
  const [text, setText] = useState(format);
  useEffect(() => {
    const timer = clock.every(1000, () => setText(format()));
    return () => timer.cancel();
  }, [clock]); // eslint-disable-line react-hooks/exhaustive-deps
  return text;
}

export function App(props: AppProps) {
  const { clock } = props;
  const controller = useMemo(
    () => new AppController({ client: props.client, clock, namespace: props.info.namespace, initialCommand: props.initialCommand, onQuit: props.onQuit }),
    [], // eslint-disable-line react-hooks/exhaustive-deps
  );
  useEffect(() => () => controller.close(), [controller]);
  useSyncExternalStore(controller.subscribe, controller.getVersion);
  const { columns, rows } = useTerminalSize(props.size);
  const time = useClockText(clock);
  const current = controller.nav.current;
  // Only the logs view reads text of its own (its `/` filter may contain `:`): every other view
  // (tables, the lab panel, describe, yaml, the map, xray, rules) takes `:` and `?`, so that a
  // `:map` or `:xray deploy`, which replace the view stack, can be left with the next command.
  const isTableLike = current.type !== 'logs';

  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return props.onQuit();
      if (!isTableLike) return; // other views read their own keys (a `/` filter may contain `:`)
      if (input.startsWith(':')) {
        // A terminal may deliver `:no⏎` in one chunk (a paste, tmux send-keys): keep what follows.
        const rest = input.slice(1);
        const enter = rest.search(/[\r\n]/);
        if (enter >= 0) return controller.runCommandLine(rest.slice(0, enter));
        controller.ask({ type: 'line', prefix: ':', initial: rest, onSubmit: controller.runCommandLine });
      } else if (input === '?' && current.type !== 'help') controller.open({ type: 'help' });
    },
    { isActive: controller.prompt === undefined },
  );

  const hints = current.type === 'table' ? hintsFor(controller.scopesOf(current)) : [...controller.hints, ...hintsFor(['global']).filter(() => isTableLike)];
  const bodyHeight = Math.max(0, rows - chromeRows);
  return (
    <Box flexDirection="column" width={columns} height={rows} overflowY="hidden">
      <Header info={props.info} time={time} hints={hints} width={columns} />
      <Crumbs crumbs={controller.nav.crumbs()} width={columns} />
      <Box height={bodyHeight} width={columns} overflowY="hidden">
        <ViewBody
          key={controller.nav.crumbs().length + ':' + controller.nav.crumbs().join('>')}
          spec={current}
          client={props.client}
          cache={controller.cache}
          clock={clock}
          width={columns}
          height={bodyHeight}
          isActive={controller.prompt === undefined}
          flash={controller.flash}
          back={controller.back}
          setHints={controller.setHints}
          modelFor={controller.modelFor}
          helpScopes={controller.helpScopes()}
          isSplit={controller.isSplit}
          ask={controller.ask}
          open={controller.open}
          app={controller.app}
          nodeAction={props.nodeAction}
          openShell={props.openShell}
        />
      </Box>
      {controller.prompt ? (
        <Prompt request={controller.prompt} width={columns} onClose={controller.closePrompt} />
      ) : (
        <Flash message={controller.flashMessage} banner={controller.banner} width={columns} />
      )}
    </Box>
  );
}
