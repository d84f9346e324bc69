/** The Kubernetes version kubelab imitates: what /version, kubelets and kube-proxies report. */
export const kubernetesVersion = 'v1.32.4';
