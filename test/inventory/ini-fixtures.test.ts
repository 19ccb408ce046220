/**
 * The INI inventory corpus (test/fixtures/inventory-ini/) printed byte for byte as
 * ansible-inventory 2.14 printed it: k3s-ansible's sample hosts.ini as shipped from 2020 to
 * 2023, every value type, quoting, comments, ranges, ports, children before their sections,
 * [all:vars], hosts in several groups, Unicode, empty groups, a host defined twice, INI beside
 * YAML, and a directory source.
 */
import { describeAnsibleFixtures } from './ansible-fixtures.js';

describeAnsibleFixtures('inventory-ini', 12);
