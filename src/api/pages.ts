// View models of the local site: plain data, the same for an HTML page and its JSON twin.
// One module per page family in ./pages/.
export { openSite, type Site } from './pages/site';
export { homePage, listPage, type HomePage, type ListPage } from './pages/archive';
export { messagePage, threadPage, type MessagePage, type ThreadPage } from './pages/message';
export { rawMessage, threadMbox, threadAtom, listAtom, toMboxrd } from './pages/exports';
export { searchPage, type SearchPage } from './pages/search';
export { measurementsPage, claimsPage, CSV_COLUMNS, type MeasurementsPage, type ClaimsPage } from './pages/measurements';
export { urls } from './pages/urls';
