// The division module's English strings; keys mirror i18n.zh-CN.js.
export default {
  menu: {
    divisions: 'Administrative divisions',
  },
  divisions: {
    title: 'Administrative divisions',
    tree: 'Division hierarchy',
    treeLabel: 'Division tree: arrow keys to browse, Enter to expand or show details',
    search: 'Division name',
    searchPlaceholder: 'Type a name, e.g. 綦江区',
    searchResults: 'Search results',
    searchEmpty: 'No division name matches',
    name: 'Name',
    code: 'Division code',
    level: 'Level',
    parent: 'Parent division',
    path: 'Path',
    details: 'Division details',
    detailsEmpty: 'Select a division in the tree or the search results to see its details',
    view: 'View',
    more: 'Only the first {n} subdivisions are shown; use the search above for the rest',
    emptyTitle: 'No administrative divisions have been imported yet',
    emptyText:
      'A system administrator loads the divisions on the server with the command below; they can then be browsed and searched here:',
  },
};
