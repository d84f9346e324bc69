/**
 * What `kubelab lab` prints, in English or Korean: the list of labs, a step with its commands,
 * and the status of a lab with its ticks. Texts of the labs come from the lab files; the few words
 * of the CLI's own are here. kubectl's commands are never translated.
 */
import type { CheckResult, Lab, Lang } from '../../shared/labs/lab-types.js';
import { renderCommand } from '../../shared/labs/lab-files.js';
import type { LabProgress } from '../../shared/labs/lab-progress.js';

const words = {
  en: { lab: 'Lab', steps: 'steps', done: 'done', active: 'active', goal: 'Goal', step: 'Step', waiting: 'waiting', cannot: 'cannot check', finished: 'Every step is done. `kubelab lab reset {id}` removes what the lab made.', none: 'no lab is active; `kubelab lab start NAME` starts one', hint: 'Hint' },
  ko: { lab: '실습', steps: '단계', done: '완료', active: '진행 중', goal: '목표', step: '단계', waiting: '대기 중', cannot: '확인할 수 없음', finished: '모든 단계를 마쳤습니다. `kubelab lab reset {id}`로 실습에서 만든 것을 지울 수 있습니다.', none: '진행 중인 실습이 없습니다. `kubelab lab start 이름`으로 시작하세요', hint: '힌트' },
} as const;

export function cliWords(lang: Lang): (typeof words)[Lang] {
  return words[lang];
}

/** `LAB  TITLE  STEPS  PROGRESS` with one row per lab. */
export function labListText(labs: Lab[], progress: Record<string, LabProgress>, active: string | undefined, lang: Lang): string {
  const w = words[lang];
  const rows = labs.map((lab) => {
    const passed = progress[lab.id]?.passed.filter((id) => lab.steps.some((s) => s.id === id)).length;
    const state = passed === undefined ? '' : `${passed}/${lab.steps.length}${lab.id === active ? ` (${w.active})` : ''}`;
    return [lab.id, lab.title[lang], String(lab.steps.length), state];
  });
  const header = lang === 'ko' ? ['실습', '제목', '단계', '진행'] : ['LAB', 'TITLE', 'STEPS', 'PROGRESS'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => displayWidth(r[i]!))));
  return all.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - displayWidth(cell) + 3))).join('').trimEnd()).join('\n') + '\n';
}

/**
 * Columns a text takes in a terminal: Hangul and CJK glyphs take two. (kubectl's tabwriter counts
 * runes and misaligns Korean; this table is kubelab's own, so it aligns.) The few ranges the labs'
 * texts use, rather than the string-width package for one table.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const wide = (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60);
    width += wide ? 2 : 1;
  }
  return width;
}

export function stepText(lab: Lab, index: number, lang: Lang, labsDir: string): string {
  const step = lab.steps[index]!;
  const lines = [`${words[lang].step} ${index + 1}/${lab.steps.length}: ${step.title[lang]}`, `  ${step.text[lang]}`];
  for (const command of step.commands) lines.push(`  $ ${renderCommand(command, labsDir)}`);
  return lines.join('\n') + '\n';
}

export function resultText(result: CheckResult | undefined, lang: Lang): string {
  if (!result || result.state === 'passed') return '';
  return `  (${result.state === 'waiting' ? words[lang].waiting : words[lang].cannot}: ${result.reason})\n`;
}

/** The whole lab with a tick per passed step, the current step in full. */
export function statusText(lab: Lab, current: number, result: CheckResult | undefined, lang: Lang, labsDir: string): string {
  const w = words[lang];
  let out = `${w.lab} ${lab.id.toUpperCase()}: ${lab.title[lang]} (namespace ${lab.namespace}), ${Math.min(current, lab.steps.length)}/${lab.steps.length} ${w.done}\n`;
  out += `${w.goal}: ${lab.goal[lang]}\n`;
  lab.steps.forEach((step, i) => {
    const mark = i < current ? '✔' : i === current ? '▶' : ' ';
    out += `${mark} ${i + 1}. ${step.title[lang]}\n`;
    if (i !== current) return;
    out += `  ${step.text[lang]}\n`;
    for (const command of step.commands) out += `  $ ${renderCommand(command, labsDir)}\n`;
    out += resultText(result, lang);
  });
  if (current >= lab.steps.length) out += w.finished.replace('{id}', lab.id) + '\n';
  return out;
}
