// The page's own button opens the widget through the tracker's API (window.leadtrail.openWidget()).
document.getElementById('open').addEventListener('click', () => window.leadtrail && window.leadtrail.openWidget());
