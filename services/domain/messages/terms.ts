import type { MessageTable } from './catalog.js';

/**
 * Human names of the contract's codes (issue #17: "passive_2_8_box", "autologous", "refrigerated"
 * never show to a person): the pages, the report and the mails name them from here. The code itself
 * stays the machine's word (JSON, CSV).
 */
export const termMessages: MessageTable = {
  'term.container.ln2_dry_shipper': { 'zh-CN': '液氮干式运输罐', en: 'LN2 dry shipper' },
  'term.container.dry_ice_box': { 'zh-CN': '干冰箱', en: 'dry-ice box' },
  'term.container.passive_2_8_box': { 'zh-CN': '2–8 °C 被动冷链箱', en: 'passive 2–8 °C box' },
  'term.container.active_2_8_container': { 'zh-CN': '2–8 °C 主动温控箱', en: 'active 2–8 °C container' },
  'term.container.room_temp_box': { 'zh-CN': '常温运输箱', en: 'room-temperature box' },
  'term.storageMode.ln2_vapor': { 'zh-CN': '液氮气相（≤ -150 °C）', en: 'LN2 vapour phase (≤ -150 °C)' },
  'term.storageMode.dry_ice': { 'zh-CN': '干冰（≤ -60 °C）', en: 'dry ice (≤ -60 °C)' },
  'term.storageMode.ultra_low': { 'zh-CN': '超低温冰箱（-80 °C）', en: 'ultra-low freezer (-80 °C)' },
  'term.storageMode.refrigerated': { 'zh-CN': '冷藏（2–8 °C）', en: 'refrigerated (2–8 °C)' },
  'term.storageMode.controlled_room': {
    'zh-CN': '控制室温（15–25 °C）',
    en: 'controlled room temperature (15–25 °C)',
  },
  'term.donor.autologous': { 'zh-CN': '自体', en: 'autologous' },
  'term.donor.allogeneic': { 'zh-CN': '异体', en: 'allogeneic' },
};
