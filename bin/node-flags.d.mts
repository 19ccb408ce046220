/** Whether a flag given on the node command line (`execArgv`) or in NODE_OPTIONS matches `pattern`. */
export declare function userGaveNodeFlag(pattern: RegExp, execArgv: readonly string[], nodeOptions: string | undefined): boolean;
