export declare const HEAP_GROWTH_FLAG: string;
export declare function heapGrowthFlag(execArgv: readonly string[], nodeOptions: string | undefined): string | undefined;
export declare function tuneHeapGrowth(): void;
