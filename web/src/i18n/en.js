// en.js — the English strings the modules share; keys mirror zh-CN.js.
export default {
  app: {
    name: 'Social Work Services Management System',
    skipToContent: 'Skip to main content',
    mainMenu: 'Main menu',
  },
  lang: {
    switchTo: '中文',
    switchLabel: 'Switch to Chinese',
  },
  common: {
    noRole: 'No role assigned',
    search: 'Search',
    reset: 'Reset',
    cancel: 'Cancel',
    save: 'Save',
    edit: 'Edit',
    refresh: 'Refresh',
    actions: 'Actions',
    none: '—',
    prevPage: 'Previous',
    nextPage: 'Next',
    page: 'Page {n}',
    pagination: 'Pagination',
    yes: 'Yes',
    no: 'No',
    close: 'Close',
  },
  scope: {
    title: 'Scope',
    divisions: 'Divisions',
    org: 'Organisation ID',
    stations: 'Station IDs',
    divisionsShow: 'Divisions: {list}',
    orgsShow: 'Organisation: {list}',
    stationsShow: 'Stations: {list}',
    divisionsHint:
      'Type a statistical division code (2, 4, 6, 9 or 12 digits) and press Enter; several allowed',
    orgHint: 'ID of the provider or evaluation agency in this system',
    stationsHint: 'Type a station ID and press Enter; several allowed',
    divisionsRequired: 'Enter at least one division code',
    divisionsInvalid: 'Division code {code} is invalid: it must have 2, 4, 6, 9 or 12 digits',
    orgRequired: 'Enter the organisation ID',
    stationsRequired: 'Enter at least one station ID',
    stationsInvalid: 'Station ID {id} is invalid: it must be a positive whole number',
  },
  header: {
    logout: 'Log out',
    loggedOut: 'You have logged out',
  },
  login: {
    title: 'Log in',
    heading: 'Log in',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    submitting: 'Logging in…',
    usernameRequired: 'Please enter your username',
    passwordRequired: 'Please enter your password',
    lockedRetry: 'Please try again in {minutes} minutes.',
    expired: 'Your session has expired. Please log in again.',
    footer: 'For authorised staff only. Every action is recorded in the audit log.',
  },
  codes: {
    usccLength: 'The unified social credit code must be 18 characters long',
    usccLower:
      'Character {n} of the unified social credit code is a lower-case letter; letters must be upper-case',
    usccChar:
      'Character {n} of the unified social credit code is not allowed (digits and upper-case letters other than I, O, Z, S, V only)',
    usccCheck:
      'The check character (18th) of the unified social credit code is wrong; please look for a mistyped character',
    usccAuthority:
      'The 1st character of the unified social credit code (registration authority) is not a valid authority code',
    usccCategory:
      'The 2nd character of the unified social credit code (organisation category) is not a category of its registration authority',
    usccDivision:
      'Characters 3-8 of the unified social credit code (division code of the registering authority) are not a valid division code',
    usccOrgcode:
      'The organisation code in characters 9-17 of the unified social credit code has a wrong check character',
    idLength: 'The resident ID number must be 18 characters long',
    idFormat: 'The resident ID number must be 17 digits followed by a digit or X',
    idCheck:
      'The check character (18th) of the resident ID number is wrong; please look for a mistyped digit',
    idProvince: 'The first 2 digits of the resident ID number are not a valid province code',
    idBirth: 'Digits 7-14 of the resident ID number are not a valid date of birth',
    idFuture: 'The date of birth in the resident ID number is in the future',
    date: 'Enter a valid date as YYYY-MM-DD',
    count: 'Enter a whole number from 0 to {max}',
  },
  divisionSelect: {
    placeholder: 'Type a division name or code',
    noMatch: 'No matching division',
    loading: 'Searching…',
  },
  password: {
    invalidLength: 'The password must be 12–128 characters long',
    mismatch: 'The passwords do not match',
  },
  notFound: {
    title: 'Page not found',
    text: 'The page you asked for does not exist or has been removed.',
    back: 'Back to the workbench',
  },
  error: {
    network: 'Cannot reach the server. Check the network and try again.',
    invalid: 'The input is not valid',
    unauthorized: 'Please log in',
    forbidden: 'You are not allowed to do this',
    not_found: 'Not found',
    method_not_allowed: 'Method not allowed',
    conflict: 'This conflicts with existing data',
    too_large: 'The request is too large',
    locked: 'Too many attempts; temporarily locked',
    unavailable: 'The service is temporarily unavailable; try again later',
    internal: 'Internal server error; please contact the system administrator',
    unknown: 'Request failed (HTTP {status})',
  },
  enums: {
    otherAction: '{object}: other action',
    otherObject: 'Other object',
    unknown: 'Unknown ({value})',
  },
};
