/**
 * Priority admission (kube-apiserver's `Priority` plugin) on pod create: spec.priorityClassName
 * resolves to spec.priority and spec.preemptionPolicy from the stored PriorityClass; a pod without
 * a class gets the globalDefault class (the lowest-valued one if several claim it), its name
 * included, or priority 0 when there is none. An unknown class is refused:
 * `pods "x" is forbidden: no PriorityClass with name y was found`, and so is a pod whose own
 * priority or preemptionPolicy disagrees with its class.
 * admitPriorityClass is the plugin's validating half for PriorityClass writes (only one class may
 * be globalDefault); the generic registry does not call it yet. Preemption itself is left out:
 * the scheduler has none.
 */
import { forbidden } from '../../../shared/api/errors.js';
import type { KubeObject } from '../../../shared/api/meta.js';
import { resourcePrefix, storageKey } from '../../store/key-layout.js';
import type { Store } from '../../store/store.js';
import { systemPriorityClasses } from '../registry/priorityclasses.js';

const group = 'scheduling.k8s.io';
const resource = 'priorityclasses';

/** getDefaultPriorityClass: the globalDefault class with the lowest value, if any. */
export function defaultPriorityClass(store: Store): KubeObject | undefined {
  let found: KubeObject | undefined;
  for (const entry of store.list(resourcePrefix(group, resource))) {
    const pc = entry.object as KubeObject;
    if (pc.globalDefault === true && (found === undefined || (found.value ?? 0) > (pc.value ?? 0))) found = pc;
  }
  return found;
}

/** Resolves the pod's priority in place; throws 403 Forbidden as the plugin does. */
export function admitPodPriority(store: Store, pod: KubeObject, requestName: string): void {
  const spec = (pod.spec ??= {});
  const refuse = (cause: string): Error => forbidden({ group: '', resource: 'pods' }, requestName, cause);
  let priority = 0;
  let preemptionPolicy: string | undefined;
  if (!spec.priorityClassName) {
    const pc = defaultPriorityClass(store);
    if (pc) {
      spec.priorityClassName = pc.metadata.name;
      priority = pc.value ?? 0;
      preemptionPolicy = pc.preemptionPolicy;
    }
  } else {
    const entry = store.get(storageKey(group, resource, undefined, spec.priorityClassName));
    // The apiserver keeps the two system classes in existence; a store that was never
    // bootstrapped (in-process tests) still resolves them, as the plugin did before 1.17.
    const system = systemPriorityClasses.find((c) => c.name === spec.priorityClassName);
    if (!entry && !system) throw refuse(`no PriorityClass with name ${spec.priorityClassName} was found`);
    const pc: KubeObject = entry ? (entry.object as KubeObject) : { metadata: { name: system!.name }, value: system!.value, preemptionPolicy: 'PreemptLowerPriority' };
    priority = pc.value ?? 0;
    preemptionPolicy = pc.preemptionPolicy;
  }
  if (typeof spec.priority === 'number' && spec.priority !== priority) {
    throw refuse(
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  }
  spec.priority = priority;
  if (preemptionPolicy) {
    if (spec.preemptionPolicy && spec.preemptionPolicy !== preemptionPolicy) {
      throw refuse(
        `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
      );
    }
    spec.preemptionPolicy = preemptionPolicy;
  }
}

/**
 * The plugin's validation of a PriorityClass create or update: a second globalDefault class is
 * refused (`priorityclasses.scheduling.k8s.io "b" is forbidden: PriorityClass a is already marked
 * as default. Only one default can exist`); re-saving the default class itself is fine.
 */
export function admitPriorityClass(store: Store, pc: KubeObject, operation: 'create' | 'update'): void {
  if (pc.globalDefault !== true) return;
  const current = defaultPriorityClass(store);
  if (!current) return;
  if (operation === 'create' || current.metadata.name !== pc.metadata.name) {
    throw forbidden({ group, resource }, pc.metadata.name ?? '', `PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`);
  }
}
