/**
 * useInformers(): the live objects a secondary view shows (the map's nodes and pods, an xray
 * tree, an object and its events), as SharedInformers (list, then watch; 410 → relist) started
 * on mount and stopped on unmount. Changes bump a version at most every `intervalMs` on the
 * Clock (tui/state/throttle.ts), so a burst of watch events costs one render. Failed lists and
 * watches go to the flash line instead of stderr, which would tear the frame.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import { SharedInformer } from '../../shared/client/informer.js';
import { RealClock, type Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import { createThrottle } from '../state/throttle.js';

export interface InformerSpec {
  ref: ResourceRef;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface LiveObjects {
  informers: SharedInformer[];
  /** Bumped (throttled) after every change; use it as a memo dependency. */
  version: number;
  /** Every informer has listed once. */
  synced: boolean;
}

/** The clock of views that are not given one: wall time, as the header's cluster clock. */
export const defaultViewClock: Clock = new RealClock();

function flashLogger(flash: (message: string, level?: 'info' | 'warn' | 'error') => void): Logger {
  const quiet = (): void => undefined;
  return {
    error: (message, fields) => flash(fields?.error ? `${String(fields.error)} (${message})` : message, 'error'),
    info: quiet,
    debug: quiet,
  };
}

export function useInformers(
  client: ApiClient,
  specs: readonly InformerSpec[],
  options: { clock?: Clock; intervalMs?: number; flash(message: string, level?: 'info' | 'warn' | 'error'): void },
): LiveObjects {
  const clock = options.clock ?? defaultViewClock;
  const key = JSON.stringify(specs);
  const [version, setVersion] = useState(0);
  const [synced, setSynced] = useState(false);
  // The latest flash, read when an error happens: the parent may pass a new function each render.
  const flashRef = useRef(options.flash);
  flashRef.current = options.flash;
  const flash = (message: string, level?: 'info' | 'warn' | 'error'): void => flashRef.current(message, level);
  const informers = useMemo(
    () => specs.map(({ ref, ...selection }) => new SharedInformer({ client, clock, resource: ref, ...selection, log: flashLogger(flash) })),
    // The specs are compared by value: callers build them inline on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, clock, key],
  );
  useEffect(() => {
    const abort = new AbortController();
    const throttle = createThrottle(clock, () => setVersion((v) => v + 1), options.intervalMs ?? 100);
    const removals = informers.map((informer) =>
      informer.addEventHandler({ onAdd: () => throttle.notify(), onUpdate: () => throttle.notify(), onDelete: () => throttle.notify() }),
    );
    setSynced(false);
    for (const informer of informers) void informer.run(abort.signal).catch((err: unknown) => flash(String(err), 'error'));
    void Promise.all(informers.map((informer) => informer.waitForSync(abort.signal))).then((all) => {
      if (all.every(Boolean) && !abort.signal.aborted) {
        setSynced(true);
        setVersion((v) => v + 1);
      }
    });
    return () => {
      abort.abort();
      throttle.cancel();
      for (const remove of removals) remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [informers]);
  return { informers, version, synced };
}
