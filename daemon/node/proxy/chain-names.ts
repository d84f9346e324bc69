/**
 * kube-proxy's iptables chain names (pkg/proxy/iptables portProtoHash and
 * servicePortEndpointChainName): a prefix plus the first 16 characters of the RFC 4648 base32
 * encoding of sha256(<servicePortName><lowercase protocol>[<ip:port>]). Real dumps agree:
 * `default/kubernetes:https` + `tcp` is KUBE-SVC-NPX46M4PTMTKRN6Y.
 */
import { createHash } from 'node:crypto';

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * 16 base32 characters are exactly the first 80 bits (10 bytes) of the digest, so only those are
 * encoded. Hand-written because Node has no base32 codec and this is eight lines.
 */
function hash16(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < 10; i++) {
    buffer = (buffer << 8) | digest[i];
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** `ns/name:port` as kube-proxy's ServicePortName.String() prints it (`ns/name` when the port is unnamed). */
export function servicePortNameString(namespace: string, name: string, portName: string): string {
  return portName ? `${namespace}/${name}:${portName}` : `${namespace}/${name}`;
}

export interface ServiceChainNames {
  /** KUBE-SVC-…: all usable endpoints (Cluster traffic policy). */
  clusterPolicy: string;
  /** KUBE-SVL-…: this node's endpoints only (Local traffic policy). */
  localPolicy: string;
  /** KUBE-EXT-…: entry for NodePort, externalIP and load-balancer traffic. */
  external: string;
  /** KUBE-FW-…: loadBalancerSourceRanges filtering. */
  firewall: string;
}

/** The four per-service-port chains share one hash; `protocol` is lower case (`tcp`). */
export function serviceChainNames(servicePortName: string, protocol: string): ServiceChainNames {
  const hash = hash16(servicePortName + protocol);
  return {
    clusterPolicy: `KUBE-SVC-${hash}`,
    localPolicy: `KUBE-SVL-${hash}`,
    external: `KUBE-EXT-${hash}`,
    firewall: `KUBE-FW-${hash}`,
  };
}

/** KUBE-SEP-…: one endpoint (`ip:port`) of one service port. */
export function endpointChainName(servicePortName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(servicePortName + protocol + endpoint)}`;
}
