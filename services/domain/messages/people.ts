import type { MessageTable } from './catalog.js';

/** Texts about people: accounts, sign-in, sessions, signatures (issue 14). */
export const peopleMessages: MessageTable = {
  'error.CT_USER_NOT_FOUND': { 'zh-CN': '未找到用户“{id}”。', en: "User '{id}' not found." },
  'error.CT_LOGIN_TAKEN': { 'zh-CN': '登录名“{id}”已被使用。', en: "The login name '{id}' is taken." },
  'error.CT_PASSWORD_POLICY': {
    'zh-CN': '密码不符合要求（{detail}）：至少 12 个字符，且不得包含登录名。',
    en: 'The password is refused ({detail}): use at least 12 characters and not the login name.',
  },
  'error.CT_SIGN_IN_FAILED': {
    'zh-CN': '登录名或密码不正确。',
    en: 'The login name or password is not right.',
  },
  'error.CT_SIGN_IN_LOCKED': {
    'zh-CN': '此账户从此处登录失败次数过多，请在 {seconds} 秒后重试。',
    en: 'Too many failed sign-ins for this account from here; try again in {seconds} s.',
  },
  'error.CT_INVITATION_INVALID': {
    'zh-CN': '邀请无效、已使用或已过期，请向管理员索取新的邀请。',
    en: 'The invitation is unknown, used or expired; ask an administrator for a new one.',
  },
  'error.CT_PASSWORD_CHANGE_REQUIRED': {
    'zh-CN': '请先设置您自己的密码。',
    en: 'Set your own password first.',
  },
  'error.CT_SESSION_EXPIRED': {
    'zh-CN': '会话已结束，请重新登录。',
    en: 'The session has ended; sign in again.',
  },
  'error.CT_CSRF_REFUSED': {
    'zh-CN': '通过会话进行的修改必须带有该会话的 x-csrf-token 头。',
    en: 'A change made with a session needs the x-csrf-token header of that session.',
  },
  'error.CT_SCOPE_REFUSED': {
    'zh-CN': '该记录不在您的权限范围（机构 / 站点）内。',
    en: 'This record would lie outside your scope (organisation / site).',
  },
  'error.CT_SIGNER_INVALID': { 'zh-CN': '签名被拒绝：{id}', en: 'Signature refused: {id}' },
  'page.signin.title': { 'zh-CN': '登录', en: 'Sign in' },
  'page.signin.login': { 'zh-CN': '登录名', en: 'Login name' },
  'page.signin.password': { 'zh-CN': '密码', en: 'Password' },
  'page.signin.submit': { 'zh-CN': '登录', en: 'Sign in' },
  'page.signin.changeTitle': { 'zh-CN': '设置您自己的密码', en: 'Set your own password' },
  'page.signin.policy': {
    'zh-CN': '至少 12 个字符，且不得包含登录名。',
    en: 'At least 12 characters, and not your login name.',
  },
  'page.signin.current': { 'zh-CN': '当前（临时）密码', en: 'Current (temporary) password' },
  'page.signin.new': { 'zh-CN': '新密码', en: 'New password' },
  'page.signin.change': { 'zh-CN': '设置密码', en: 'Set the password' },
  'page.signin.withKey': {
    'zh-CN': '使用 API 密钥登录（用于设备和系统集成）',
    en: 'Sign in with an API key (machines and integrations)',
  },
  'page.sign.note': {
    'zh-CN': '每位签名人使用自己的登录名和密码签名，这就是其对本接收记录的电子签名（21 CFR 11.50、11.200）。',
    en: 'Each signer signs with their own login name and password: it is their electronic signature on this receipt (21 CFR 11.50, 11.200).',
  },
  'page.sign.receiver': { 'zh-CN': '接收人签名（接收）', en: "Receiver's signature (received)" },
  'page.sign.verifier': {
    'zh-CN': '复核人签名（复核，10.6 双人核对）',
    en: "Second verifier's signature (verified, 10.6 double check)",
  },
  'page.sign.login': { 'zh-CN': '您的登录名', en: 'Your login name' },
  'page.sign.password': { 'zh-CN': '您的密码', en: 'Your password' },
  'page.sign.verifierLogin': { 'zh-CN': '复核人登录名', en: "Second verifier's login name" },
  'page.sign.verifierPassword': { 'zh-CN': '复核人密码', en: "Second verifier's password" },
  'page.sign.refused': {
    'zh-CN': '签名被拒绝：登录名或密码不正确，或此人不能签署此记录。未记录任何内容。',
    en: 'Signature refused: a login name or password is not right, or the person may not sign this record. Nothing was recorded.',
  },
  'page.sign.missing': { 'zh-CN': '请填写：{field}', en: 'Please fill in: {field}' },
  'page.signature.title': { 'zh-CN': '电子签名', en: 'Electronic signatures' },
  'page.signature.meaning.received': { 'zh-CN': '接收', en: 'received' },
  'page.signature.meaning.verified': { 'zh-CN': '复核', en: 'verified' },
  'page.signature.meaning.reviewed': { 'zh-CN': '审核', en: 'reviewed' },
  'page.signature.meaning.approved': { 'zh-CN': '批准', en: 'approved' },
  'page.signature.meaning.released': { 'zh-CN': '放行', en: 'released' },
  'page.signature.meaning.rejected': { 'zh-CN': '拒收', en: 'rejected' },
  'page.signature.meaning.acknowledged': { 'zh-CN': '确认', en: 'acknowledged' },
  'page.signature.meaning.assessed': { 'zh-CN': '风险评估', en: 'assessed' },
  'page.signature.meaning.advised': { 'zh-CN': '处理建议', en: 'advised' },
  'page.signature.invalid': {
    'zh-CN': '签名与所存内容不符（已被篡改或移动）',
    en: 'the signature does not match the stored content (changed or moved)',
  },
  'page.signature.none': { 'zh-CN': '无电子签名。', en: 'No electronic signatures.' },
  'page.signature.col.name': { 'zh-CN': '签名人（印刷体姓名）', en: 'Signer (printed name)' },
  'page.signature.col.meaning': { 'zh-CN': '签名含义', en: 'Meaning' },
  'page.signature.col.signedAt': { 'zh-CN': '签名时间', en: 'Signed at' },
  'page.signature.col.binding': { 'zh-CN': '所签内容 SHA-256', en: 'Content signed (SHA-256)' },
  'page.signature.valid': { 'zh-CN': '已核验', en: 'verified' },
  'page.signature.meaning.performed': { 'zh-CN': '执行', en: 'performed' },
  'page.signature.line': {
    'zh-CN': '{name}（{meaning}）于 {time} 签名 · 内容 SHA-256 {hash}',
    en: '{name} ({meaning}) signed at {time} · content SHA-256 {hash}',
  },
};
