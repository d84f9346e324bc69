/**
 * PodControl (k/k `controller_utils.go` RealPodControl and GetPodFromTemplate): creates a pod
 * from a controller's template and deletes pods, recording the Events users see in
 * `kubectl describe rs|rc|job`. The wording and reasons are k/k's; the component is the
 * recorder's. It does not decide how many pods to create: the controllers do.
 */
import { isNotFound } from '../../shared/api/errors.js';
import type { FrozenObject, KubeObject, OwnerReference } from '../../shared/api/meta.js';
import type { ApiClient, ResourceRef } from '../../shared/client/client.js';
import type { EventRecorder } from '../../shared/client/events.js';

export const successfulCreateReason = 'SuccessfulCreate';
export const failedCreateReason = 'FailedCreate';
export const successfulDeleteReason = 'SuccessfulDelete';
export const failedDeleteReason = 'FailedDelete';
const createdMessage = (pod: string): string => `Created pod: ${pod}`;
const createErrorMessage = (error: string): string => `Error creating: ${error}`;
const deletedMessage = (pod: string): string => `Deleted pod: ${pod}`;
const deleteErrorMessage = (error: string): string => `Error deleting: ${error}`;

/** The StatusCause the NamespaceLifecycle admission attaches when a namespace is terminating. */

const pods: ResourceRef = { group: '', version: 'v1', resource: 'pods' };

/**
 * The pod a template describes (GetPodFromTemplate): the template's labels, annotations,
 * finalizers and spec, `generateName: <owner>-` (the API server adds 5 random characters), and
 * the controller reference.
 */
export function podFromTemplate(template: Readonly<KubeObject['spec']>, owner: Readonly<KubeObject>, ref: OwnerReference): KubeObject {
  const metadata: KubeObject['metadata'] = {
    generateName: `${owner.metadata.name}-`,
    namespace: owner.metadata.namespace,
    labels: { ...template?.metadata?.labels },
    annotations: { ...template?.metadata?.annotations },
    ownerReferences: [ref],
  };
  if (template?.metadata?.finalizers?.length) metadata.finalizers = [...template.metadata.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: structuredClone(template?.spec ?? {}) };
}

import { isNamespaceTerminating } from './create-errors.js';

export { isNamespaceTerminating };

export class PodControl {
  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
  ) {}

  /** Creates one pod from the template; on failure records FailedCreate and rethrows. */
  async createPod(template: Readonly<KubeObject['spec']>, owner: Readonly<KubeObject>, ref: OwnerReference): Promise<FrozenObject> {
    const pod = podFromTemplate(template, owner, ref);
    if (Object.keys(pod.metadata.labels!).length === 0) throw new Error('unable to create pods, no labels');
    let created: FrozenObject;
    try {
      created = await this.client.create(pods, owner.metadata.namespace, pod);
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.recorder.event(owner as KubeObject, 'Warning', failedCreateReason, createErrorMessage(errorText(err)));
      throw err;
    }
    this.recorder.event(owner as KubeObject, 'Normal', successfulCreateReason, createdMessage(created.metadata.name!));
    return created;
  }

  /** Deletes a pod; NotFound is rethrown as is (the caller ignores it), other errors are recorded. */
  async deletePod(namespace: string, name: string, owner: Readonly<KubeObject>): Promise<void> {
    try {
      await this.client.delete(pods, namespace, name);
    } catch (err) {
      if (isNotFound(err)) throw err;
      this.recorder.event(owner as KubeObject, 'Warning', failedDeleteReason, deleteErrorMessage(errorText(err)));
      throw new Error(`unable to delete pods: ${errorText(err)}`);
    }
    this.recorder.event(owner as KubeObject, 'Normal', successfulDeleteReason, deletedMessage(name));
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
