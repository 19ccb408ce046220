/** How the k3s rules compare two release numbers: -1, 0 or 1 (the template's `version()` test, injected so `k3s/` imports nothing). */
export type CompareVersions = (a: string, b: string) => number;
