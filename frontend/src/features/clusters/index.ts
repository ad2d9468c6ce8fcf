/** What the clusters feature offers the rest of the app. */
export { ClustersSection } from './components/clusters-section';
export { ClusterList } from './components/cluster-list';
export { useClusters, clustersQueryOptions, type Cluster, type ClusterList as ClusterListResponse } from './api/get-clusters';
