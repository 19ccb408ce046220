export declare const START_UP_MS: number;
export declare function optimizerTuned(execArgv: readonly string[], nodeOptions: string | undefined): boolean;
export declare function deferOptimizingCompiler(): void;
export declare function resumeOptimizingCompiler(): void;
