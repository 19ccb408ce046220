/**
 * The filter registry: every filter a template may name, from the groups in filters-*.ts.
 * Unknown names are refused when the template is compiled, with a "did you mean" hint.
 */
import type { FilterSpec } from './filter-api.js';
import { BASIC_FILTERS } from './filters-basic.js';
import { K3S_FILTERS } from './filters-k3s.js';
import { LIST_FILTERS } from './filters-lists.js';
import { SELECT_FILTERS } from './filters-select.js';
import { TEXT_FILTERS } from './filters-text.js';

/** Every filter, by name. */
export const FILTERS: ReadonlyMap<string, FilterSpec> = new Map(
  Object.entries({ ...BASIC_FILTERS, ...LIST_FILTERS, ...SELECT_FILTERS, ...TEXT_FILTERS, ...K3S_FILTERS }),
);
