/**
 * The YAML inventory corpus (test/fixtures/inventory/) printed byte for byte as
 * ansible-inventory 2.14 printed it.
 */
import { describeAnsibleFixtures } from './ansible-fixtures.js';

describeAnsibleFixtures('inventory', 8);
