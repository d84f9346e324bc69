/**
 * How the API server reaches kubelets for `pods/log` and `pods/exec`: as the real apiserver opens a
 * connection to the kubelet of the pod's node, kubelab asks the node's kubelet for the container.
 * The daemon fills the directory as nodes start; a node that is down answers nothing.
 */
import type { ContainerHandle } from '../runtime/container.js';
import type { PodNetwork } from '../runtime/network.js';

export interface KubeletEndpoint {
  /** The running container, or with previous the last terminated instance (`logs --previous`). */
  containerHandle(podUid: string, containerName: string, previous?: boolean): ContainerHandle | undefined;
  /** The pod's network namespace, for `pods/portforward`. */
  podNetwork?(podUid: string): PodNetwork | undefined;
}

export class KubeletDirectory {
  private readonly kubelets = new Map<string, KubeletEndpoint>();
  /** Nodes whose kubelet stopped (`kubelab node kill`): the apiserver's dial to them fails. */
  private readonly stopped = new Set<string>();
  /**
   * Reads the Node object, throwing NotFound when it is gone (the API server sets it): the apiserver
   * looks the node up for its address before it dials the kubelet (GetConnectionInfo).
   */
  getNode?: (nodeName: string) => unknown;

  register(nodeName: string, kubelet: KubeletEndpoint): void {
    this.kubelets.set(nodeName, kubelet);
    this.stopped.delete(nodeName);
  }

  unregister(nodeName: string): void {
    this.kubelets.delete(nodeName);
    this.stopped.add(nodeName);
  }

  /** The node's kubelet ran in this daemon and stopped: its machine is gone, nothing answers there. */
  isUnreachable(nodeName: string): boolean {
    return this.stopped.has(nodeName);
  }

  forNode(nodeName: string): KubeletEndpoint | undefined {
    return this.kubelets.get(nodeName);
  }
}
