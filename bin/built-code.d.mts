/** The file in `dist/` that records what the build was made from. */
export declare const BUILD_INFO: string;
/** The newest modification time (ms) of any file under `dir`, 0 for an empty or absent directory. */
export declare function newestMtime(dir: string): number;
/** `root/dist` when it holds a build of the current `root/src`, otherwise undefined. */
export declare function freshBuild(root: string): string | undefined;
