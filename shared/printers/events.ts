/**
 * `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE (+ SUBOBJECT SOURCE FIRST SEEN COUNT
 * NAME). LAST SEEN falls back to the first timestamp (or eventTime) and follows series for
 * events.k8s.io series; OBJECT is `lowercase(kind)/name`. Both core and events.k8s.io Events print
 * here, as upstream stores them as one kind.
 */
import type { KubeObject } from '../api/meta.js';
import { parseTimestamp, translateTimestampSince } from '../duration.js';
import { column, nameColumn } from './columns.js';
import { apiDocs } from './descriptions.js';
import type { Printer } from './table.js';

/** The core/v1 view of an Event, whichever API group wrote it. */
interface CoreEvent {
  involvedObject: { kind?: string; name?: string; fieldPath?: string };
  source: { component?: string; host?: string };
  reportingController: string;
  reportingInstance: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count?: number;
  series?: { count?: number; lastObservedTime?: string };
  message: string;
}

function asCoreEvent(event: KubeObject): CoreEvent {
  return {
    involvedObject: event.involvedObject ?? event.regarding ?? {},
    source: event.source ?? event.deprecatedSource ?? {},
    reportingController: event.reportingComponent ?? event.reportingController ?? '',
    reportingInstance: event.reportingInstance ?? '',
    firstTimestamp: event.firstTimestamp ?? event.deprecatedFirstTimestamp,
    lastTimestamp: event.lastTimestamp ?? event.deprecatedLastTimestamp,
    eventTime: event.eventTime,
    count: event.count ?? event.deprecatedCount,
    series: event.series,
    message: event.message ?? event.note ?? '',
  };
}

/** SOURCE: `component, host`, using reportingController/Instance when source is empty. */
function eventSource(event: CoreEvent): string {
  const component = event.source.component || event.reportingController;
  const instance = event.source.host || event.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', apiDocs['Event.lastTimestamp']),
    column('Type', 'string', apiDocs['Event.type']),
    column('Reason', 'string', apiDocs['Event.reason']),
    column('Object', 'string', apiDocs['Event.involvedObject']),
    column('Subobject', 'string', apiDocs['ObjectReference.fieldPath'], 1),
    column('Source', 'string', apiDocs['Event.source'], 1),
    column('Message', 'string', apiDocs['Event.message']),
    column('First Seen', 'string', apiDocs['Event.firstTimestamp'], 1),
    column('Count', 'string', apiDocs['Event.count'], 1),
    nameColumn(1),
  ],
  cells(obj, now) {
    const event = asCoreEvent(obj);
    // A zero (unset) timestamp falls back: first seen to eventTime, last seen to first seen.
    const isSet = (t: string | undefined): boolean => parseTimestamp(t) !== undefined;
    const firstSeen = translateTimestampSince(isSet(event.firstTimestamp) ? event.firstTimestamp : event.eventTime, now);
    let lastSeen = isSet(event.lastTimestamp) ? translateTimestampSince(event.lastTimestamp, now) : firstSeen;
    let count = event.count ?? 0;
    if (event.series) {
      lastSeen = translateTimestampSince(event.series.lastObservedTime, now);
      count = event.series.count ?? 0;
    } else if (count === 0) {
      count = 1; // singleton events written through events.k8s.io carry no count
    }
    const kind = (event.involvedObject.kind ?? '').toLowerCase();
    const name = event.involvedObject.name ?? '';
    return [
      lastSeen,
      obj.type ?? '',
      obj.reason ?? '',
      name ? `${kind}/${name}` : kind,
      event.involvedObject.fieldPath ?? '',
      eventSource(event),
      event.message.trim(),
      firstSeen,
      count,
      obj.metadata.name ?? '',
    ];
  },
};
