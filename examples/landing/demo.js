// Demo only: the LeadTrail panels of the example site. Everything is written with textContent, never
// innerHTML: the context and the stored events hold URL values a visitor controls.
//  - #ctx: what the tracker knows in this page (context(): tracking id, first and last touch, touches)
//  - #what: what the collector stored for this visitor (GET /v1/demo/visitor: raw events and the lead)
//  - #sent: on the thank-you page, the fields the form sent (what a CRM would receive)
(function () {
  var other = document.getElementById('other');
  if (other) {
    // The same page on the other local hostname: the cross-domain hand-off keeps the visitor.
    var u = new URL(other.getAttribute('href'), location.href);
    u.hostname = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    u.port = location.port;
    other.href = u.href;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function time(ts) {
    return ts ? new Date(ts).toLocaleString() : '';
  }
  function list(pairs) {
    var dl = el('dl');
    pairs.forEach(function (p) {
      if (p[1] == null || p[1] === '') return;
      dl.append(el('dt', p[0]), el('dd', p[1]));
    });
    return dl;
  }
  function source(t) {
    if (!t) return 'none yet';
    var parts = [t.channel];
    if (t.utm_source || t.utm_medium) parts.push((t.utm_source || '?') + ' / ' + (t.utm_medium || '?'));
    if (t.utm_campaign) parts.push('campaign ' + t.utm_campaign);
    var ids = Object.keys(t.click_ids || {});
    if (ids.length) parts.push(ids.join(', '));
    if (t.referrer) parts.push('from ' + t.referrer);
    return parts.join(' · ');
  }
  function table(head, rows) {
    var t = el('table');
    var tr = el('tr');
    head.forEach(function (h) {
      tr.append(el('th', h));
    });
    t.append(tr);
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (c) {
        var td = el('td');
        c instanceof Node ? td.append(c) : (td.textContent = c == null ? '' : String(c));
        row.append(td);
      });
      t.append(row);
    });
    return t;
  }
  function raw(summary, value) {
    var d = el('details');
    d.append(el('summary', summary), el('pre', JSON.stringify(value, null, 2)));
    return d;
  }
  function touchRows(touches) {
    return touches.map(function (t) {
      return [time(t.ts), t.channel, t.utm_source, t.utm_medium, t.utm_campaign, Object.keys(t.click_ids || {}).join(', '), t.referrer];
    });
  }

  var current;
  function show(ctx) {
    var box = document.getElementById('ctx');
    if (!ctx || !box) return;
    current = ctx;
    box.replaceChildren(
      list([
        ['tracking id', ctx.tracking_id],
        ['session', ctx.session_id],
        ['first touch', source(ctx.first_touch)],
        ['last touch', source(ctx.last_touch)],
        ['landing page', ctx.first_touch && ctx.first_touch.landing_url],
      ]),
      el('strong', 'Touches (' + ctx.touches.length + ', newest last)'),
      table(['when', 'channel', 'source', 'medium', 'campaign', 'click ids', 'referrer'], touchRows(ctx.touches)),
      raw('context() as JSON', ctx),
    );
    what();
  }

  var polls = 0;
  var timer;
  function what() {
    var box = document.getElementById('what');
    if (!box || !current) return;
    clearTimeout(timer);
    fetch('/v1/demo/visitor?tracking_id=' + encodeURIComponent(current.tracking_id), { credentials: 'include' })
      .then(function (r) {
        return r.json();
      })
      .then(function (v) {
        render(box, v);
      })
      .catch(function () {})
      .then(function () {
        // The queue delivers in batches of up to 2 s: look again for a little while.
        if (++polls < 20) timer = setTimeout(what, 2000);
      });
  }

  function render(box, v) {
    if (!v || !v.events) {
      box.replaceChildren(el('p', (v && v.error && v.error.message) || 'Nothing to show.', 'muted'));
      return;
    }
    var parts = [];
    var lead = v.lead;
    parts.push(el('strong', 'Lead'));
    if (lead) {
      parts.push(
        list([
          ['email', lead.email || '(not known yet: fill in a form)'],
          ['name', lead.name],
          ['phone', lead.phone],
          ['first touch', source(lead.first_touch)],
          ['last touch', source(lead.last_touch)],
          ['first seen', time(lead.first_seen)],
          ['last seen', time(lead.last_seen)],
        ]),
        table(['when', 'channel', 'source', 'medium', 'campaign', 'click ids', 'referrer'], touchRows(lead.touches)),
      );
    } else {
      var bots =
        v.events.length &&
        v.events.every(function (e) {
          return e.bot;
        });
      parts.push(
        el(
          'p',
          bots
            ? 'No lead: every event was flagged as a bot (automated or headless browser, or curl). Bots are stored but never become leads.'
            : v.events.length
              ? 'No lead yet: the queue stores events within a few seconds.'
              : 'Nothing stored yet.',
          'muted',
        ),
      );
    }
    parts.push(el('strong', 'Stored events (' + v.events.length + ', newest first)'));
    parts.push(
      table(
        ['when', 'type', 'name', 'page', 'visitor'],
        v.events.map(function (e) {
          var ev = e.event || {};
          var req = e.request || {};
          var page = '';
          try {
            page = new URL(ev.url).pathname;
          } catch (x) {}
          var who = [req.browser, req.os, req.city && req.country ? req.city + ', ' + req.country : req.country]
            .filter(Boolean)
            .join(' · ');
          var badge = el('span', e.bot ? 'bot' : who || 'person', e.bot ? 'badge bot' : 'badge');
          return [time(e.ts), e.type, e.name || (ev.traits ? Object.keys(ev.traits).join(', ') : ''), page, badge];
        }),
      ),
    );
    parts.push(raw('the response of GET /v1/demo/visitor', v));
    box.replaceChildren.apply(box, parts);
  }

  var sent = document.getElementById('sent');
  if (sent) {
    // POSTed forms: the Worker put the fields in #sent-data; a GET form's fields are in the query string.
    var data = document.getElementById('sent-data');
    var fields = data ? JSON.parse(data.textContent) : Array.from(new URLSearchParams(location.search));
    sent.replaceChildren(
      fields.length
        ? table(['field', 'value'], fields)
        : el('p', 'Nothing was posted: submit one of the forms to see what it sends.', 'muted'),
    );
  }

  var refresh = document.getElementById('refresh');
  if (refresh)
    refresh.addEventListener('click', function () {
      polls = 0;
      what();
    });
  addEventListener('leadtrail:context', function (e) {
    show(e.detail);
  });
  if (window.leadtrail && window.leadtrail.context) show(window.leadtrail.context());
})();
