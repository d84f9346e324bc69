/**
 * The `Pod Template:` block that workload describes print (describe.go `DescribePodTemplate`):
 * template labels and annotations, service account, init containers and containers without
 * status, volumes, topology spread constraints, priority class, node selectors and tolerations,
 * all one level in. Also the topology spread constraints line pods share.
 */
import { formatLabelSelector } from '../labels.js';
import { describeContainers } from './containers.js';
import { byteOrder, int, str } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline } from './multiline.js';
import { describeVolumes } from './volumes.js';
import type { PrefixWriter } from './writer.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export function describePodTemplate(template: Json | undefined, w: PrefixWriter): void {
  w.write(0, 'Pod Template:\n');
  if (!template) {
    w.write(1, '<unset>');
    return;
  }
  const spec = template.spec ?? {};
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', template.metadata.annotations);
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec.initContainers ?? []).length > 0) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers, undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}

/** `Topology Spread Constraints:  zone:DoNotSchedule when max skew 1 is exceeded for selector app=web`. */
export function describeTopologySpreadConstraints(constraints: readonly Json[] | undefined, w: PrefixWriter, space: string): void {
  if (!constraints || constraints.length === 0) return;
  const sorted = [...constraints].sort((a, b) => byteOrder(str(a.topologyKey), str(b.topologyKey)));
  w.write(0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((constraint, i) => {
    if (i !== 0) {
      w.write(0, space);
      w.write(0, '\t');
    }
    let text = `${str(constraint.topologyKey)}:${str(constraint.whenUnsatisfiable)} when max skew ${int(constraint.maxSkew)} is exceeded`;
    if (constraint.labelSelector) text += ` for selector ${formatLabelSelector(constraint.labelSelector)}`;
    w.write(0, `${text}\n`);
  });
}
