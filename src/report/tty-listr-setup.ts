/**
 * listr2 bent to render into the stream we were given rather than `process.stdout`: the default
 * renderer (marked usable off a real TTY, since the caller already decided this is one), writing
 * through a `ProcessOutput` on our stream, with no SIGINT handler of its own (the CLI owns
 * interruption) and no stopping on a failed host (a failure is something to show, not a crash).
 */
import { DefaultRenderer, type ListrBaseClassOptions, ListrLogger, type ListrSubClassOptions, ProcessOutput } from 'listr2';

/** How often, at most, the live list is redrawn. */
const REDRAW_MS = 50;

/**
 * The default renderer, allowed on the stream we pass (listr2 would only check `process.stdout`)
 * and redrawing at most every {@link REDRAW_MS}: listr2 redraws the whole list on every state
 * change, so a burst of host results would cost (results × lines); throttled, it costs time.
 */
class StreamRenderer extends DefaultRenderer {
  static override nonTTY = true;
  private pending: NodeJS.Timeout | undefined;

  override update(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      super.update();
    }, REDRAW_MS);
  }

  override end(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    super.end();
  }
}

/** Options for the per-task root lists and their host sublists. */
export interface ListrSetup {
  rootOptions(): ListrBaseClassOptions;
  subOptions: ListrSubClassOptions;
}

/** listr2 options that draw on `stream` (and `errorStream` for anything listr2 sends to stderr). */
export function listrSetup(stream: NodeJS.WriteStream, errorStream: NodeJS.WriteStream): ListrSetup {
  return {
    // A fresh logger per list: a ProcessOutput can be hijacked by one renderer at a time.
    rootOptions: () => ({
      renderer: StreamRenderer as unknown as 'default',
      rendererOptions: {
        logger: new ListrLogger({ processOutput: new ProcessOutput(stream, errorStream, { leaveEmptyLine: false }) }),
        collapseSubtasks: false,
        collapseSkips: true,
        suffixSkips: false,
        showErrorMessage: true,
        formatOutput: 'truncate',
      },
      fallbackRendererCondition: false,
      registerSignalListeners: false,
      exitOnError: false,
      concurrent: false,
      collectErrors: false,
    }),
    // Sublists inherit the parent's options; concurrency is set explicitly so hosts run as one.
    subOptions: { concurrent: true, exitOnError: false },
  };
}
