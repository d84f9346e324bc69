/**
 * DescribeView (`d`): the text `kubectl describe` prints for the object (describeObject from
 * shared/describe/), refreshed when the object or its events change (two watches, throttled to
 * two refreshes a second), keeping the scroll position. API errors show as kubectl prints them
 * (`Error from server (NotFound): pods "web" not found`).
 */
import type { Clock } from '../../shared/clock.js';
import { describeObject } from '../../shared/describe/describe.js';
import { scrollHints, TextPage } from '../components/text-page.js';
import { eventsFieldSelector, objectFieldSelector, targetTitle } from '../state/object-target.js';
import { defaultViewClock, useInformers } from './use-informers.js';
import { useLoadedText } from './use-page-text.js';
import type { ObjectTarget, ViewProps } from './view-props.js';

export interface DescribeViewProps extends ViewProps {
  target: ObjectTarget;
  clock?: Clock;
}

const refreshIntervalMs = 500;

export function DescribeView(props: DescribeViewProps) {
  const { client, target } = props;
  const clock = props.clock ?? defaultViewClock;
  const live = useInformers(
    client,
    [
      { ref: target.ref, namespace: target.namespace, fieldSelector: objectFieldSelector(target) },
      { ref: { group: '', version: 'v1', resource: 'events' }, namespace: target.namespace, fieldSelector: eventsFieldSelector(target) },
    ],
    { clock, intervalMs: refreshIntervalMs, flash: props.flash },
  );
  const text = useLoadedText(live, () => describeObject(client, target, { now: clock.now() }), { flash: props.flash, ready: live.synced });
  return <TextPage {...props} title={`describe ${targetTitle(target)}`} lines={text.lines} tone={text.tone} hints={scrollHints} />;
}
