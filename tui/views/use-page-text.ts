/**
 * The two ways a text view gets its lines, kept live by watches (tui/views/use-informers.ts):
 * useLoadedText() fetches text again each time the watched objects change (describe, node
 * rules); useWatchedObject() renders the one watched object itself (YAML, decoded Secret) and
 * says, as kubectl would, when it is missing. Errors also go to the flash line.
 */
import { useEffect, useState } from 'react';
import type { KubeObject } from '../../shared/api/meta.js';
import type { Clock } from '../../shared/clock.js';
import { errorText } from '../state/api-error-text.js';
import { objectFieldSelector, targetNotFound } from '../state/object-target.js';
import { useInformers, type LiveObjects } from './use-informers.js';
import type { ObjectTarget, ViewProps } from './view-props.js';

export interface PageText {
  lines: string[];
  tone?: 'error' | 'loading';
}

/** Text split into lines, without the empty line after a final newline. */
export function textLines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

export interface LoadOptions {
  flash: ViewProps['flash'];
  /** Load only once this is true (describe waits for its watches to list); default true. */
  ready?: boolean;
  /** The line a failure shows; kubectl's error line by default. */
  messageOf?(err: unknown): string;
  /** Further values that make a new load when they change. */
  deps?: readonly unknown[];
}

/**
 * Calls load() on mount (once `ready`) and again after every change `live` reports. A result
 * that arrives after a newer load started, or after unmount, is dropped.
 */
export function useLoadedText(live: LiveObjects, load: () => Promise<string>, options: LoadOptions): PageText {
  const { flash, ready = true, messageOf = errorText } = options;
  const [text, setText] = useState<PageText>({ lines: ['loading…'] });
  useEffect(() => {
    if (!ready) return;
    let current = true;
    load().then(
      (loaded) => current && setText({ lines: textLines(loaded) }),
      (err: unknown) => {
        if (!current) return;
        const message = messageOf(err);
        setText({ lines: [message], tone: 'error' });
        flash(message, 'error');
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.version, ready, ...(options.deps ?? [])]);
  return text;
}

export interface WatchedObject {
  /** The object as last seen; undefined while loading or once it is gone. */
  object?: Readonly<KubeObject>;
  /** kubectl's NotFound line once the watch has synced without the object. */
  missing?: string;
  live: LiveObjects;
}

/** Watches the one object `target` names; flashes kubectl's NotFound line when it is missing. */
export function useWatchedObject(props: Pick<ViewProps, 'client' | 'flash'> & { target: ObjectTarget; clock?: Clock }): WatchedObject {
  const { client, target } = props;
  const live = useInformers(client, [{ ref: target.ref, namespace: target.namespace, fieldSelector: objectFieldSelector(target) }], {
    clock: props.clock,
    flash: props.flash,
  });
  const object = live.informers[0]?.list()[0];
  const missing = live.synced && !object ? errorText(targetNotFound(target)) : undefined;
  useEffect(() => {
    if (missing) props.flash(missing, 'error');
  }, [missing]); // eslint-disable-line react-hooks/exhaustive-deps
  return { object, missing, live };
}
