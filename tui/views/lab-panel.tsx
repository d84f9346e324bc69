/**
 * LabPanel (`:lab`): the active guided lab beside the live tables. Shows every step with a tick
 * for those passed, the current step in full with its commands and what its check still waits
 * for, a hint once the step has been current for a while, and the next step. Watch-driven: any
 * change of the lab's objects (or of the progress ConfigMap) re-evaluates the current step, so the
 * tick appears the moment the cluster reaches the state. Keys: esc goes back.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Clock } from '../../shared/clock.js';
import { labLanguage, labsDirectory, readLabs, renderCommand } from '../../shared/labs/lab-files.js';
import type { Lab, Lang } from '../../shared/labs/lab-types.js';
import { hintAfterMs, LabTracker, type LabSnapshot } from '../state/lab-tracker.js';
import { fitLine, wrapWords } from '../state/text-viewport.js';
import { defaultViewClock, useInformers, type InformerSpec } from './use-informers.js';
import type { ViewProps } from './view-props.js';

export interface LabPanelProps extends ViewProps {
  clock?: Clock;
  /** The labs to show; read from labs/ when absent. */
  labs?: Lab[];
  lang?: Lang;
  /** Where `{manifests}` in commands points; labs/ of the project when absent. */
  labsDir?: string;
}

export interface PanelLine {
  text: string;
  color?: string;
  bold?: boolean;
}

const words = {
  en: { none: 'No lab is active. Start one in a terminal: kubelab lab start a', labs: 'Labs', waiting: 'waiting', cannot: 'cannot check', hint: 'Hint', next: 'Next', done: 'Every step is done.', loading: 'checking…' },
  ko: { none: '진행 중인 실습이 없습니다. 터미널에서 시작하세요: kubelab lab start a', labs: '실습', waiting: '대기 중', cannot: '확인할 수 없음', hint: '힌트', next: '다음', done: '모든 단계를 마쳤습니다.', loading: '확인 중…' },
} as const;

const hints: Array<[string, string]> = [['esc', 'back']];
const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
/** What the checks read: a change of any of these may tick the current step. */
const watchedInLab = ['pods', 'events', 'services', 'endpoints', 'secrets', 'configmaps', 'persistentvolumeclaims', 'replicationcontrollers'].map((resource) => ({ group: '', version: 'v1', resource }));
const watchedApps = ['deployments', 'replicasets'].map((resource) => ({ group: 'apps', version: 'v1', resource }));

/** The panel's lines (pure: the component and tests render them). */
export function labPanelLines(snapshot: LabSnapshot, labs: Lab[], lang: Lang, now: number, labsDir: string, width: number): PanelLine[] {
  const w = words[lang];
  const wrap = (text: string, indent: string, style: Omit<PanelLine, 'text'> = {}): PanelLine[] => wrapWords(text, Math.max(10, width - indent.length)).map((line) => ({ text: indent + line, ...style }));
  if (!snapshot.loaded) return [{ text: w.loading }];
  const error: PanelLine[] = snapshot.error ? [{ text: fitLine(snapshot.error, width), color: 'red' }] : [];
  const { lab } = snapshot;
  if (!lab) return [...error, ...wrap(w.none, ''), { text: ' ' }, { text: `${w.labs}:`, bold: true }, ...labs.map((l) => ({ text: fitLine(`  ${l.id}  ${l.title[lang]}`, width) }))];
  const lines: PanelLine[] = [{ text: fitLine(`${lab.id.toUpperCase()}. ${lab.title[lang]} (${lab.namespace})  ${Math.min(snapshot.current, lab.steps.length)}/${lab.steps.length}`, width), bold: true }, ...error];
  lab.steps.forEach((step, i) => {
    if (i < snapshot.current) return void lines.push({ text: fitLine(`✔ ${i + 1}. ${step.title[lang]}`, width), color: snapshot.justTicked.includes(step.id) ? 'green' : 'gray' });
    if (i > snapshot.current) return void lines.push({ text: fitLine(`  ${i + 1}. ${step.title[lang]}`, width), color: 'gray' });
    lines.push({ text: fitLine(`▶ ${i + 1}. ${step.title[lang]}`, width), bold: true, color: 'cyan' });
    lines.push(...wrap(step.text[lang], '    '));
    for (const command of step.commands) lines.push({ text: fitLine(`    $ ${renderCommand(command, labsDir)}`, width), color: 'yellow' });
    const result = snapshot.result;
    if (result && result.state !== 'passed') lines.push(...wrap(`${result.state === 'waiting' ? w.waiting : w.cannot}: ${result.reason}`, '    ', { color: result.state === 'waiting' ? 'gray' : 'red' }));
    if (step.hint && now - snapshot.since >= hintAfterMs) lines.push(...wrap(`${w.hint}: ${step.hint[lang]}`, '    ', { color: 'magenta' }));
  });
  const next = lab.steps[snapshot.current + 1];
  if (snapshot.current >= lab.steps.length) lines.push({ text: w.done, color: 'green', bold: true });
  else if (next) lines.push({ text: fitLine(`${w.next}: ${snapshot.current + 2}. ${next.title[lang]}`, width), color: 'gray' });
  return lines;
}

function loadLabs(given: Lab[] | undefined): { labs: Lab[]; error?: string } {
  if (given) return { labs: given };
  try {
    return { labs: readLabs() };
  } catch (err) {
    return { labs: [], error: (err as Error).message };
  }
}

export function LabPanel(props: LabPanelProps) {
  const { client, width, height, isActive } = props;
  const clock = props.clock ?? defaultViewClock;
  const lang = props.lang ?? labLanguage(undefined);
  const { labs, error: loadError } = useMemo(() => loadLabs(props.labs), [props.labs]);
  const labsDir = useMemo(() => props.labsDir ?? (loadError ? '' : labsDirectory()), [props.labsDir, loadError]);
  const tracker = useMemo(() => new LabTracker({ labs, client, clock }), [labs, client, clock]);
  const snapshot = useSyncExternalStore(
    (listener) => tracker.subscribe(listener),
    () => tracker.snapshot,
  );
  const namespace = snapshot.lab?.namespace;
  const specs: InformerSpec[] = [
    { ref: configMaps, namespace: 'kube-system', fieldSelector: 'metadata.name=kubelab-labs' },
    { ref: { group: '', version: 'v1', resource: 'nodes' } },
    { ref: { group: '', version: 'v1', resource: 'namespaces' } },
    ...(namespace ? [...watchedInLab, ...watchedApps, { group: 'batch', version: 'v1', resource: 'jobs' }].map((ref) => ({ ref, namespace })) : []),
  ];
  const live = useInformers(client, specs, { clock, intervalMs: 200, flash: props.flash });
  useEffect(() => void tracker.refresh(), [tracker, live.version]);
  // Re-render when the hint is due: one timer, not a ticking clock.
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    setNow(clock.now());
    const due = snapshot.since + hintAfterMs - clock.now();
    if (!snapshot.lab || due <= 0) return;
    const timer = clock.after(due, () => setNow(clock.now()));
    return () => timer.cancel();
  }, [clock, snapshot.since, snapshot.lab]);
  useEffect(() => props.setHints(hints), []); // eslint-disable-line react-hooks/exhaustive-deps
  useInput(
    (_input, key) => {
      if (key.escape) props.back();
    },
    { isActive },
  );

  if (height <= 0) return null;
  const lines: PanelLine[] = loadError ? wrapWords(loadError, width).map((text) => ({ text, color: 'red' })) : labPanelLines(snapshot, labs, lang, now, labsDir, width);
  // Taller than the body: keep the current step in view, two lines of the ticked ones above it.
  const currentLine = lines.findIndex((line) => line.text.startsWith('▶'));
  const top = lines.length > height && currentLine > 2 ? Math.min(currentLine - 2, lines.length - height) : 0;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {lines.slice(top, top + height).map((line, i) => (
        <Text key={i} color={line.color} bold={line.bold} wrap="truncate">
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
