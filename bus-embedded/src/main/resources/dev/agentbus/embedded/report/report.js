(function () {
  'use strict';
  // Data only ever reaches the page through textContent and attributes: never as markup.
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var ROW = 34, HEAD = 40, LEFT = 76, SPARE = 12, MAX_LIVE_FAILURES = 10, LABEL_ROOM = 360;
  var RESTART_COLOR = '#953800', WIRE_COLOR = '#9a6700';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var meta = data.meta;
  var agents = data.agents.slice();
  var agentIndex = {};
  agents.forEach(function (name, i) { agentIndex[name] = i; });
  var styles = {};
  meta.statuses.forEach(function (s) { styles[s.status] = s; });
  var rows = data.events.concat(data.parked);
  var byMessage = {};
  rows.forEach(function (row) {
    if (row.k !== 'm') { return; }
    byMessage[key(row.t, row.ts)] = row;
    // A live poll returns a copy or a released message under the timestamp it was queued with.
    (row.fx || []).forEach(function (f) {
      if (f.k === 'duplicated' || f.k === 'released') { byMessage[key(row.t, f.ts)] = row; }
    });
  });
  var rejected = data.rejected.slice();
  var visible = [];
  var selected = null;
  var filterAgent = -1, filterChannel = null;
  var pendingFrame = false;

  function key(to, ts) { return to + ' ' + String(Number(ts)); }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    setAll(node, attrs);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    setAll(node, attrs);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function setAll(node, attrs) {
    if (!attrs) { return; }
    Object.keys(attrs).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) { node.setAttribute(name, String(attrs[name])); }
    });
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  function seconds(ms) { return '+' + (ms / 1000).toFixed(3) + 's'; }
  function firstLine(text, max) {
    var line = String(text).split(/\r?\n/)[0];
    return line.length > max ? line.slice(0, Math.max(1, max - 1)) + '…' : line;
  }
  function channelLabel(row) {
    return '[' + row.c + (row.g === false ? '*]' : ']');
  }
  function isIncident(row) { return row.k === 'x' || row.k === 'v'; }
  function restartText(row) {
    return 'restart: queues ' + (row.q === 'LOST' ? 'lost' : 'kept') + ', ' + plural(row.n, 'message', 'messages') +
      ' lost, ' + plural(row.pc, 'poll', 'polls') + ' cut, down ' + row.dm + ' ms';
  }
  function wireText(row) { return '⚡ ' + row.rq + ': ' + row.fl; }
  function copies(row) {
    return (row.fx || []).filter(function (f) { return f.k === 'duplicated'; }).length;
  }
  function pollChannel(row) {
    if (row.c === null || row.c === undefined) {
      return row.rc === null || row.rc === undefined ? '(no channel: reads every channel)' : '(no channel: reads ' + row.rc + ')';
    }
    return '[' + row.c + ']';
  }

  // ---------------------------------------------------------------- the page's frame
  var app = document.getElementById('app');
  var summary = el('p', { id: 'summary' });
  var leftOut = el('p', { id: 'left-out', 'class': 'note' });
  var controls = el('div', { id: 'controls' });
  var agentSelect = el('select', { id: 'agent-filter' });
  var channelSelect = el('select', { id: 'channel-filter' });
  var agentLabel = el('label', null, 'Agent ');
  agentLabel.appendChild(agentSelect);
  var channelLabelEl = el('label', null, 'Channel ');
  channelLabelEl.appendChild(channelSelect);
  var shownCount = el('span', { id: 'shown-count', 'class': 'note' });
  var liveStatus = el('span', { id: 'live-status', role: 'status', 'class': 'note' });
  controls.appendChild(agentLabel);
  controls.appendChild(channelLabelEl);
  controls.appendChild(shownCount);
  controls.appendChild(liveStatus);
  var legend = el('ul', { id: 'legend', 'aria-label': 'Legend' });
  var layout = el('div', { id: 'layout' });
  var diagram = el('div', { id: 'diagram', role: 'region', tabindex: '0',
    'aria-label': 'Sequence diagram: Tab or the arrow keys move between rows, Enter or Space shows one' });
  var head = el('div', { id: 'head' });
  var headSvg = svg('svg', { id: 'lifelines', height: HEAD, role: 'img' });
  head.appendChild(headSvg);
  var rowsBox = el('div', { id: 'rows' });
  var rowsSvg = svg('svg', { id: 'rows-svg' });
  rowsBox.appendChild(rowsSvg);
  diagram.appendChild(head);
  diagram.appendChild(rowsBox);
  var details = el('section', { id: 'details', 'aria-live': 'polite', 'aria-label': 'Details' });
  layout.appendChild(diagram);
  layout.appendChild(details);
  var rejectedBox = el('section', { id: 'rejected-box' });
  app.appendChild(summary);
  app.appendChild(leftOut);
  app.appendChild(controls);
  app.appendChild(legend);
  app.appendChild(layout);
  app.appendChild(rejectedBox);

  // ---------------------------------------------------------------- header, legend, filters
  function renderSummary() {
    var t = meta.totals;
    var text = plural(t.sent, 'message', 'messages') + ': ' + t.delivered + ' delivered, ' +
      t.notYet + ' not yet, ' + t.lost + ' lost';
    var reasons = [];
    meta.statuses.forEach(function (s) {
      var n = meta.byStatus[s.status] || 0;
      if (s.lost && n > 0) { reasons.push(s.label.replace(/^lost: /, '') + ' ' + n); }
    });
    if (reasons.length) { text += ' (' + reasons.join(', ') + ')'; }
    if (t.faulted > 0) {
      // What a test asked for is said apart from what the bus lost.
      var done = [];
      meta.statuses.forEach(function (s) {
        var n = meta.byStatus[s.status] || 0;
        if (s.fault && n > 0) { done.push(s.tag.replace(/^\S+ /, '') + ' ' + n); }
      });
      if (t.duplicated > 0) { done.push('duplicated ' + t.duplicated); }
      text += '; faults touched ' + plural(t.faulted, 'message', 'messages') + (done.length ? ' (' + done.join(', ') + ')' : '');
    }
    if (t.restarts > 0 || t.wireFaults > 0) {
      text += '; ' + plural(t.restarts, 'restart', 'restarts') + ', ' + plural(t.wireFaults, 'wire fault', 'wire faults');
    }
    text += '; ' + plural(t.rejected, 'request', 'requests') + ' rejected; ' +
      plural(agents.length, 'agent', 'agents') + '.';
    summary.textContent = text;
    summary.className = t.lost > 0 ? 'lost' : '';
    summary.setAttribute('data-sent', t.sent);
    summary.setAttribute('data-lost', t.lost);
    summary.setAttribute('data-faulted', t.faulted);
    summary.setAttribute('data-incidents', t.restarts + t.wireFaults);
  }

  function renderLeftOut() {
    var l = meta.leftOut, b = meta.bounds, parts = [];
    if (l.messages > 0) { parts.push(plural(l.messages, 'earlier message', 'earlier messages')); }
    if (l.polls > 0) { parts.push(plural(l.polls, 'earlier poll', 'earlier polls')); }
    if (l.incidents > 0) { parts.push(plural(l.incidents, 'earlier incident', 'earlier incidents')); }
    if (l.rejected > 0) { parts.push(plural(l.rejected, 'rejected request', 'rejected requests')); }
    if (l.parked > 0) { parts.push(plural(l.parked, 'parked poll', 'parked polls')); }
    var text = '';
    if (parts.length) {
      text = 'Left out to stay within the page\'s bounds (' + b.maxMessages + ' messages, ' + b.maxPolls +
        ' polls, ' + b.maxIncidents + ' incidents, ' + b.maxBytes + ' bytes): ' + parts.join(', ') + '; the journal has them. ';
    }
    if (l.droppedEntries > 0) {
      text += 'The journal had dropped ' + plural(l.droppedEntries, 'older entry', 'older entries') +
        ', so ' + l.messagesOutOfJournal + ' earlier messages are not shown. ';
    }
    if (!meta.pollsKnown) {
      text += 'Only polls that returned a message are marked: this page was made from a report, not a journal. ';
    }
    text += '* = the sender named no channel. ' + (meta.channellessRecv === 'DEFAULT'
      ? 'A poll that names no channel reads default.' : 'A poll that names no channel reads every channel.');
    leftOut.textContent = text;
  }

  function swatch(style) {
    var s = svg('svg', { width: 46, height: 14, 'aria-hidden': 'true' });
    s.appendChild(svg('line', { x1: 2, y1: 7, x2: 34, y2: 7, stroke: style.color, 'stroke-width': 2,
      'stroke-dasharray': style.dash || null }));
    drawHead(s, style, 40, 7, 1);
    return s;
  }

  function renderLegend() {
    clear(legend);
    meta.statuses.forEach(function (s) {
      var item = el('li', { 'data-status': s.status });
      item.appendChild(swatch(s));
      item.appendChild(el('span', { 'class': 'tag' }, s.tag));
      item.appendChild(el('span', null, s.label + ' (' + (meta.byStatus[s.status] || 0) + ')'));
      legend.appendChild(item);
    });
    var poll = el('li', { 'data-status': 'poll' });
    var ps = svg('svg', { width: 46, height: 14, 'aria-hidden': 'true' });
    ps.appendChild(svg('path', { d: 'M23 1 L29 7 L23 13 L17 7 Z', fill: '#0969da' }));
    poll.appendChild(ps);
    poll.appendChild(el('span', null, '◆ poll answered, with the channel it asked for'));
    legend.appendChild(poll);
    var wait = el('li', { 'data-status': 'parked' });
    var ws = svg('svg', { width: 46, height: 14, 'aria-hidden': 'true' });
    ws.appendChild(svg('path', { d: 'M23 1 L29 7 L23 13 L17 7 Z', fill: 'none', stroke: '#0969da', 'stroke-width': 1.5 }));
    wait.appendChild(ws);
    wait.appendChild(el('span', null, '◇ poll parked now'));
    legend.appendChild(wait);
    var band = el('li', { 'data-status': 'restart' });
    var bs = svg('svg', { width: 46, height: 14, 'aria-hidden': 'true' });
    bs.appendChild(svg('rect', { x: 1, y: 2, width: 44, height: 10, 'class': 'band' }));
    band.appendChild(bs);
    band.appendChild(el('span', null, '↻ restart of the namespace, across every lifeline (' + meta.totals.restarts + ')'));
    legend.appendChild(band);
    var wire = el('li', { 'data-status': 'wire-fault' });
    var vs = svg('svg', { width: 46, height: 14, 'aria-hidden': 'true' });
    vs.appendChild(svg('path', { d: 'M26 1 L19 8 H25 L20 13', stroke: WIRE_COLOR, 'stroke-width': 2, fill: 'none' }));
    wire.appendChild(vs);
    wire.appendChild(el('span', null, '⚡ fault injected on the wire, on its agent\'s lifeline (' + meta.totals.wireFaults + ')'));
    legend.appendChild(wire);
  }

  function channelsSeen() {
    var seen = {};
    rows.forEach(function (row) {
      if (row.c !== null && row.c !== undefined) { seen[row.c] = true; }
      if (row.rc !== null && row.rc !== undefined) { seen[row.rc] = true; }
    });
    return Object.keys(seen).sort();
  }

  function fillSelect(select, allLabel, values, current) {
    clear(select);
    select.appendChild(el('option', { value: '' }, allLabel));
    values.forEach(function (v) {
      var option = el('option', { value: v.value }, v.label);
      if (v.value === current) { option.selected = true; }
      select.appendChild(option);
    });
  }

  function renderFilters() {
    fillSelect(agentSelect, 'all agents', agents.map(function (name, i) {
      return { value: String(i), label: firstLine(name, 60) };
    }), filterAgent < 0 ? '' : String(filterAgent));
    fillSelect(channelSelect, 'all channels', channelsSeen().map(function (c) {
      return { value: c, label: firstLine(c, 60) };
    }), filterChannel === null ? '' : filterChannel);
  }

  function matches(row) {
    // A restart and a wire fault of an unknown agent happen to everyone; a wire fault to its agent.
    if (isIncident(row)) {
      return filterAgent < 0 || row.a === null || row.a === undefined || row.a === filterAgent;
    }
    if (filterAgent >= 0) {
      if (row.k === 'm' ? (row.f !== filterAgent && row.t !== filterAgent) : row.a !== filterAgent) { return false; }
    }
    if (filterChannel !== null) {
      if (row.k === 'm' ? row.c !== filterChannel : (row.c !== filterChannel && row.rc !== filterChannel)) { return false; }
    }
    return true;
  }

  function applyFilter() {
    visible = [];
    var arrows = 0, incidents = 0;
    for (var i = 0; i < rows.length; i++) {
      if (matches(rows[i])) {
        visible.push(i);
        if (rows[i].k === 'm') { arrows++; }
        if (isIncident(rows[i])) { incidents++; }
      }
    }
    rowsBox.style.height = (visible.length * ROW + 8) + 'px';
    // A short diagram takes only its height; a long one scrolls within most of the window.
    diagram.style.height = Math.max(160, Math.min(window.innerHeight * 0.7, visible.length * ROW + HEAD + 26)) + 'px';
    app.setAttribute('data-arrows', arrows);
    app.setAttribute('data-rows', visible.length);
    shownCount.textContent = 'showing ' + plural(arrows, 'message', 'messages') + ', ' +
      plural(visible.length - arrows - incidents, 'poll', 'polls') + ' and ' + plural(incidents, 'incident', 'incidents');
  }

  agentSelect.addEventListener('change', function () {
    filterAgent = agentSelect.value === '' ? -1 : Number(agentSelect.value);
    applyFilter();
    render();
  });
  channelSelect.addEventListener('change', function () {
    filterChannel = channelSelect.value === '' ? null : channelSelect.value;
    applyFilter();
    render();
  });

  // ---------------------------------------------------------------- the diagram
  var col = 160;
  function x(agent) { return LEFT + col * agent + col / 2; }

  function layoutColumns() {
    var room = Math.max(200, diagram.clientWidth - LEFT - 8);
    col = Math.max(120, Math.min(240, Math.floor(room / Math.max(1, agents.length))));
    // Room right of the last lifeline for the labels of its polls and faults.
    var width = LEFT + col * agents.length + LABEL_ROOM;
    headSvg.setAttribute('width', width);
    rowsSvg.setAttribute('width', width);
    rowsBox.style.width = width + 'px';
    clear(headSvg);
    headSvg.appendChild(svg('title', null, 'Lifelines: ' + agents.join(', ')));
    agents.forEach(function (name, i) {
      var g = svg('g', { 'class': 'lifeline', 'data-agent': i });
      g.appendChild(svg('title', null, name));
      g.appendChild(svg('text', { x: x(i), y: HEAD - 14, 'text-anchor': 'middle', 'class': 'agent' },
        firstLine(name, Math.floor(col / 7.5))));
      headSvg.appendChild(g);
    });
  }

  function drawHead(parent, style, hx, hy, dir) {
    var c = style.color;
    if (style.head === 'arrow') {
      parent.appendChild(svg('path', { d: 'M' + hx + ' ' + hy + ' l' + (-9 * dir) + ' -5 v10 Z', fill: c }));
    } else if (style.head === 'bar') {
      parent.appendChild(svg('path', { d: 'M' + hx + ' ' + (hy - 6) + ' v12', stroke: c, 'stroke-width': 3, fill: 'none' }));
    } else if (style.head === 'pause') {
      parent.appendChild(svg('path', { d: 'M' + (hx - 5 * dir) + ' ' + (hy - 6) + ' v12 M' + hx + ' ' + (hy - 6) + ' v12',
        stroke: c, 'stroke-width': 2, fill: 'none' }));
    } else if (style.head === 'ring') {
      parent.appendChild(svg('circle', { cx: hx - 4 * dir, cy: hy, r: 4.5, stroke: c, 'stroke-width': 2, fill: '#fff' }));
    } else if (style.head === 'cross') {
      parent.appendChild(svg('path', { d: 'M' + (hx - 5) + ' ' + (hy - 5) + ' l10 10 M' + (hx - 5) + ' ' + (hy + 5) +
        ' l10 -10', stroke: c, 'stroke-width': 2.5, fill: 'none' }));
    } else {
      parent.appendChild(svg('path', { d: 'M' + (hx - 9 * dir) + ' ' + (hy - 5) + ' L' + hx + ' ' + hy + ' L' +
        (hx - 9 * dir) + ' ' + (hy + 5), stroke: c, 'stroke-width': 2, fill: 'none' }));
    }
  }

  function messageRow(row, pos, y) {
    var style = styles[row.st] || { status: row.st, label: row.st, tag: row.st, color: '#24292f', dash: '3 3', head: 'open' };
    var times = row.r.length, copied = copies(row);
    // A duplicate is one send queued twice: its count says so even before a poll returned both.
    var tag = style.tag + (copied > 0 ? ' ×' + (copied + 1) + ' copied' : times > 1 ? ' ×' + times : '');
    var from = agents[row.f], to = agents[row.t];
    var g = svg('g', { 'class': 'row msg', tabindex: 0, role: 'button', 'data-pos': pos, 'data-seq': row.s,
      'data-status': row.st, 'data-from': row.f, 'data-to': row.t, 'data-copies': copied || null,
      'aria-label': firstLine(from, 80) + ' to ' + firstLine(to, 80) + ' on channel ' + firstLine(row.c, 80) +
        ': ' + firstLine(row.b, 60) + ', ' + style.label + (times > 1 ? ', delivered ' + times + ' times' : '') +
        (copied > 0 ? ', copied by a fault' : '') });
    g.appendChild(svg('title', null, firstLine(from, 200) + ' → ' + firstLine(to, 200) + ' ' + channelLabel(row) +
      ': ' + style.label + (times > 1 ? ' (' + times + ' times)' : '')));
    g.appendChild(svg('rect', { 'class': 'hit', x: 0, y: y - ROW / 2, width: LEFT + col * agents.length, height: ROW, rx: 3 }));
    g.appendChild(svg('text', { x: 4, y: y + 4, 'class': 'time' }, seconds(row.o)));
    var x1 = x(row.f), x2 = x(row.t), ly = y + 5;
    var line = { stroke: style.color, 'stroke-width': 2, fill: 'none', 'stroke-dasharray': style.dash || null, 'class': 'arrow' };
    var label = channelLabel(row) + ' ' + firstLine(row.b, 200);
    if (x1 === x2) {
      line.d = 'M' + x1 + ' ' + (ly - 8) + ' h' + (col * 0.3) + ' v10 h' + (-(col * 0.3) + 10);
      g.appendChild(svg('path', line));
      drawHead(g, style, x1 + 1, ly + 2, -1);
      g.appendChild(svg('text', { x: x1 + col * 0.3 + 6, y: ly - 4, 'class': 'label' },
        firstLine(label, Math.max(6, Math.floor(col * 0.6 / 6.2)))));
      g.appendChild(svg('text', { x: x1 + col * 0.3 + 6, y: ly + 8, 'class': 'tag', fill: style.color }, tag));
    } else {
      var dir = x2 > x1 ? 1 : -1;
      line.d = 'M' + x1 + ' ' + ly + ' H' + (x2 - 2 * dir);
      g.appendChild(svg('path', line));
      drawHead(g, style, x2 - dir, ly, dir);
      var span = Math.abs(x2 - x1);
      g.appendChild(svg('text', { x: (x1 + x2) / 2, y: ly - 5, 'text-anchor': 'middle', 'class': 'label' },
        firstLine(label, Math.max(6, Math.floor(span / 6.2)))));
      g.appendChild(svg('text', { x: x2 - dir * 14, y: ly + 12, 'text-anchor': dir > 0 ? 'end' : 'start',
        'class': 'tag', fill: style.color }, tag));
    }
    return g;
  }

  function pollRow(row, pos, y) {
    var parked = row.k === 'w';
    var cx = x(row.a), name = agents[row.a];
    var text = parked
      ? 'parked on ' + pollChannel(row) + (row.n > 1 ? ' ×' + row.n : '')
      : 'poll ' + pollChannel(row) + ' → ' + row.n + (row.gone ? ' (client gone)' : '');
    var g = svg('g', { 'class': 'row ' + (parked ? 'parked' : 'poll'), tabindex: 0, role: 'button', 'data-pos': pos,
      'data-agent': row.a, 'data-channel': row.c === null || row.c === undefined ? '' : row.c,
      'aria-label': firstLine(name, 80) + ' ' + text });
    g.appendChild(svg('title', null, firstLine(name, 200) + ' ' + text));
    g.appendChild(svg('rect', { 'class': 'hit', x: 0, y: y - ROW / 2, width: LEFT + col * agents.length, height: ROW, rx: 3 }));
    g.appendChild(svg('text', { x: 4, y: y + 4, 'class': 'time' }, parked ? 'now' : seconds(row.o)));
    g.appendChild(svg('path', { d: 'M' + cx + ' ' + (y - 6) + ' l6 6 l-6 6 l-6 -6 Z',
      fill: parked ? '#fff' : '#0969da', stroke: '#0969da', 'stroke-width': 1.5, 'class': 'mark' }));
    g.appendChild(svg('text', { x: cx + 10, y: y + 4, 'class': 'poll-label', fill: '#0969da' },
      firstLine(text, Math.max(8, Math.floor((LEFT + col * agents.length + LABEL_ROOM - cx - 14) / 6.2)))));
    return g;
  }

  function incidentRow(row, pos, y) {
    var restart = row.k === 'x';
    var onLifeline = !restart && row.a !== null && row.a !== undefined;
    var width = LEFT + col * agents.length;
    var text = restart ? '↻ ' + restartText(row) : wireText(row);
    var who = onLifeline ? firstLine(agents[row.a], 80) + ': ' : '';
    var g = svg('g', { 'class': 'row incident ' + (restart ? 'restart' : 'wire'), tabindex: 0, role: 'button',
      'data-pos': pos, 'data-seq': row.s, 'data-agent': onLifeline ? row.a : null,
      'aria-label': who + text });
    g.appendChild(svg('title', null, who + text));
    g.appendChild(svg('rect', { 'class': 'hit', x: 0, y: y - ROW / 2, width: width, height: ROW, rx: 3 }));
    g.appendChild(svg('text', { x: 4, y: y + 4, 'class': 'time' }, seconds(row.o)));
    if (restart) {
      g.appendChild(svg('rect', { 'class': 'band', x: LEFT - 6, y: y - ROW / 2 + 5, width: width - LEFT + 4, height: ROW - 10, rx: 3 }));
      g.appendChild(svg('text', { x: LEFT + 4, y: y + 4, 'class': 'incident-label', fill: RESTART_COLOR },
        firstLine(text, Math.max(12, Math.floor((width - LEFT) / 6.2)))));
    } else if (onLifeline) {
      var cx = x(row.a);
      g.appendChild(svg('path', { d: 'M' + (cx + 3) + ' ' + (y - 8) + ' L' + (cx - 4) + ' ' + (y + 1) + ' H' + (cx + 3) +
        ' L' + (cx - 3) + ' ' + (y + 9), stroke: WIRE_COLOR, 'stroke-width': 2.5, fill: 'none', 'class': 'mark' }));
      // The label goes to the side of the lifeline with more room, so the last agent's fits too.
      var right = width - cx - 12, left = cx - LEFT;
      var onLeft = left > right && text.length * 6.2 > right;
      g.appendChild(svg('text', { x: onLeft ? cx - 10 : cx + 10, y: y + 4, 'class': 'incident-label', fill: WIRE_COLOR,
        'text-anchor': onLeft ? 'end' : 'start' }, firstLine(text, Math.max(8, Math.floor((onLeft ? left : right) / 6.2)))));
    } else {
      // No agent known: the fault is drawn across the diagram, like a restart but without its band.
      g.appendChild(svg('line', { x1: LEFT - 6, y1: y + 8, x2: width - 2, y2: y + 8, stroke: WIRE_COLOR, 'stroke-width': 1.5,
        'stroke-dasharray': '2 2' }));
      g.appendChild(svg('text', { x: LEFT + 4, y: y + 4, 'class': 'incident-label', fill: WIRE_COLOR },
        firstLine(text + ' (agent not known)', Math.max(12, Math.floor((width - LEFT) / 6.2)))));
    }
    return g;
  }

  function render() {
    pendingFrame = false;
    var top = diagram.scrollTop;
    var height = Math.max(ROW, diagram.clientHeight - HEAD);
    var first = Math.max(0, Math.floor(top / ROW) - SPARE);
    var last = Math.min(visible.length, Math.ceil((top + height) / ROW) + SPARE);
    var focusedPos = document.activeElement && document.activeElement.getAttribute &&
      document.activeElement.getAttribute('data-pos');
    clear(rowsSvg);
    rowsSvg.style.top = (first * ROW) + 'px';
    rowsSvg.setAttribute('height', Math.max(1, (last - first) * ROW + 8));
    var lines = svg('g', { 'class': 'lifelines', 'aria-hidden': 'true' });
    for (var a = 0; a < agents.length; a++) {
      lines.appendChild(svg('line', { x1: x(a), y1: 0, x2: x(a), y2: (last - first) * ROW + 8, stroke: '#afb8c1',
        'stroke-width': 1, 'stroke-dasharray': '4 4' }));
    }
    rowsSvg.appendChild(lines);
    for (var pos = first; pos < last; pos++) {
      var row = rows[visible[pos]];
      var y = (pos - first) * ROW + ROW / 2;
      var g = row.k === 'm' ? messageRow(row, pos, y) : isIncident(row) ? incidentRow(row, pos, y) : pollRow(row, pos, y);
      if (visible[pos] === selected) { g.classList.add('selected'); }
      rowsSvg.appendChild(g);
      if (focusedPos !== null && focusedPos !== undefined && String(pos) === focusedPos) { g.focus({ preventScroll: true }); }
    }
  }

  function schedule() {
    if (!pendingFrame) {
      pendingFrame = true;
      window.requestAnimationFrame(render);
    }
  }
  diagram.addEventListener('scroll', schedule);
  window.addEventListener('resize', function () { layoutColumns(); schedule(); });

  // ---------------------------------------------------------------- details and keyboard
  function dl(pairs) {
    var list = el('dl');
    pairs.forEach(function (pair) {
      if (pair[1] === null || pair[1] === undefined) { return; }
      list.appendChild(el('dt', null, pair[0]));
      var dd = el('dd');
      if (pair[1] instanceof Node) { dd.appendChild(pair[1]); } else { dd.textContent = String(pair[1]); }
      list.appendChild(dd);
    });
    return list;
  }

  function showMessage(row) {
    var style = styles[row.st] || { label: row.st, tag: row.st };
    clear(details);
    details.appendChild(el('h2', null, agents[row.f] + ' → ' + agents[row.t]));
    var receipts = el('ul', { 'class': 'receipts' });
    row.r.forEach(function (r) {
      receipts.appendChild(el('li', null, seconds(r.o) + ' by a poll on ' +
        (r.c === null || r.c === undefined ? '(no channel)' : '[' + r.c + ']') + ', ' + r.ms + ' ms after it was sent'));
    });
    var body = el('pre', { 'class': 'body' }, row.b);
    var faults = null;
    if (row.fx && row.fx.length) {
      faults = el('ul', { 'class': 'faults' });
      row.fx.forEach(function (f) { faults.appendChild(el('li', null, faultText(f))); });
    }
    details.appendChild(dl([
      ['Status', style.tag + ' ' + style.label + (row.r.length > 1 ? ' (delivered ' + row.r.length + ' times)' : '')],
      ['Faults', faults],
      ['Diagnosis', row.d],
      ['Channel', row.c + (row.g ? ' (named by the sender)' : ' (the sender named no channel; the bus put it on ' + row.c + ')')],
      ['Sent', seconds(row.o) + ' (ts ' + String(row.ts) + ')'],
      ['Journal entry', '#' + row.s],
      ['User agent', row.ua === null || row.ua === undefined ? '(none)' : row.ua],
      ['Size', row.by + ' bytes' + (row.bl > row.b.length ? '; the page keeps the first ' + meta.bounds.maxBodyChars + ' of ' + row.bl + ' characters' : '')],
      ['Receipts', row.r.length ? receipts : 'none'],
      ['Body', body]
    ]));
  }

  function faultText(f) {
    var when = seconds(f.o) + ': ';
    if (f.k === 'dropped') { return when + 'dropped by a fault, on purpose, after the send was answered'; }
    if (f.k === 'duplicated') { return when + 'duplicated by a fault: a copy queued as ts ' + String(f.ts); }
    if (f.k === 'heldBack') { return when + 'held back by a fault until ts ' + String(f.ts); }
    if (f.k === 'released') { return when + 'released from the hold, queued as ts ' + String(f.ts); }
    if (f.k === 'lostInRestart') { return when + 'lost in a restart, on purpose (queued as ts ' + String(f.ts) + ')'; }
    return when + f.k;
  }

  function showIncident(row) {
    clear(details);
    if (row.k === 'x') {
      details.appendChild(el('h2', null, '↻ Restart of the namespace'));
      details.appendChild(dl([
        ['At', seconds(row.o)],
        ['Queues', row.q === 'LOST' ? 'lost: every queued and held-back message was dropped' : 'kept'],
        ['Messages lost', row.n],
        ['Polls cut', plural(row.pc, 'parked poll', 'parked polls') + ' had their connections closed'],
        ['Down for', row.dm + ' ms: every request had its connection closed'],
        ['Journal entry', '#' + row.s]
      ]));
    } else {
      details.appendChild(el('h2', null, wireText(row)));
      details.appendChild(dl([
        ['At', seconds(row.o)],
        ['Agent', row.a === null || row.a === undefined ? '(not known)' : agents[row.a]],
        ['Request', row.rq],
        ['Fault', row.fl + ' (injected on the wire by a proxy, recorded by the test)'],
        ['Journal entry', '#' + row.s]
      ]));
    }
  }

  function showPoll(row) {
    clear(details);
    var parked = row.k === 'w';
    details.appendChild(el('h2', null, (parked ? 'Parked poll of ' : 'Poll of ') + agents[row.a]));
    details.appendChild(dl([
      ['Asked for', row.c === null || row.c === undefined ? '(no channel)' : row.c],
      ['Reads', row.rc === null || row.rc === undefined ? 'every channel' : row.rc],
      [parked ? 'Parked since' : 'Answered', seconds(row.o)],
      [parked ? 'Polls' : 'Returned', parked ? row.n : plural(row.n, 'message', 'messages')],
      ['Waited', parked ? null : row.w + ' ms' + (row.bl ? ' (blocking)' : ' (not blocking)')],
      ['Client', row.gone ? 'went away while parked' : null],
      ['Journal entry', row.s === undefined ? null : '#' + row.s]
    ]));
  }

  function select(pos) {
    var index = visible[pos];
    if (index === undefined) { return; }
    selected = index;
    var row = rows[index];
    if (row.k === 'm') { showMessage(row); } else if (isIncident(row)) { showIncident(row); } else { showPoll(row); }
    var nodes = rowsSvg.querySelectorAll('.row.selected');
    for (var i = 0; i < nodes.length; i++) { nodes[i].classList.remove('selected'); }
    var node = rowsSvg.querySelector('.row[data-pos="' + pos + '"]');
    if (node) { node.classList.add('selected'); }
  }

  function focusRow(pos) {
    pos = Math.max(0, Math.min(visible.length - 1, pos));
    var top = pos * ROW, height = diagram.clientHeight - HEAD;
    if (top < diagram.scrollTop) { diagram.scrollTop = top; }
    else if (top + ROW > diagram.scrollTop + height) { diagram.scrollTop = top + ROW - height; }
    render();
    var node = rowsSvg.querySelector('.row[data-pos="' + pos + '"]');
    if (node) { node.focus({ preventScroll: true }); }
  }

  function rowOf(target) {
    while (target && target !== rowsSvg) {
      if (target.getAttribute && target.getAttribute('data-pos') !== null) { return target; }
      target = target.parentNode;
    }
    return null;
  }

  rowsSvg.addEventListener('click', function (event) {
    var row = rowOf(event.target);
    if (row) { select(Number(row.getAttribute('data-pos'))); row.focus({ preventScroll: true }); }
  });
  rowsSvg.addEventListener('keydown', function (event) {
    var row = rowOf(event.target);
    if (!row) { return; }
    var pos = Number(row.getAttribute('data-pos'));
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(pos);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      focusRow(pos + (event.key === 'ArrowDown' ? 1 : -1));
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      focusRow(event.key === 'Home' ? 0 : visible.length - 1);
    }
  });
  diagram.addEventListener('keydown', function (event) {
    if (event.target === diagram && (event.key === 'ArrowDown' || event.key === 'Enter')) {
      event.preventDefault();
      focusRow(Math.floor(diagram.scrollTop / ROW));
    }
  });

  function renderRejected() {
    clear(rejectedBox);
    rejectedBox.appendChild(el('h2', null, 'Rejected requests (' + meta.totals.rejected + ')'));
    if (!rejected.length) {
      rejectedBox.appendChild(el('p', { 'class': 'note' }, 'None.'));
      return;
    }
    var table = el('table', { id: 'rejected' });
    var headRow = el('tr');
    ['Time', 'Request', 'Status', 'Why', 'Fields'].forEach(function (h) { headRow.appendChild(el('th', { scope: 'col' }, h)); });
    table.appendChild(headRow);
    rejected.forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('td', null, seconds(r.o)));
      tr.appendChild(el('td', null, r.method + ' ' + r.endpoint));
      tr.appendChild(el('td', null, r.status));
      tr.appendChild(el('td', null, r.error));
      tr.appendChild(el('td', null, Object.keys(r.fields).map(function (k) { return k + '=' + r.fields[k]; }).join(', ')));
      table.appendChild(tr);
    });
    rejectedBox.appendChild(table);
  }

  // ---------------------------------------------------------------- live: follow the journal
  var LIVE_NOTE = 'Seen live by this page; reload it for the full analysis.';
  function setStatus(row, status) {
    if (row.st === status) { return; }
    var before = styles[row.st], after = styles[status];
    meta.byStatus[row.st] = (meta.byStatus[row.st] || 0) - 1;
    meta.byStatus[status] = (meta.byStatus[status] || 0) + 1;
    if (row.st === 'DELIVERED') { meta.totals.delivered--; }
    if (status === 'DELIVERED') { meta.totals.delivered++; }
    if (row.st === 'NOT_YET_DELIVERED') { meta.totals.notYet--; }
    if (status === 'NOT_YET_DELIVERED') { meta.totals.notYet++; }
    if (before && before.lost) { meta.totals.lost--; }
    if (after && after.lost) { meta.totals.lost++; }
    row.st = status;
  }
  function agentOf(name) {
    if (agentIndex[name] === undefined) { agentIndex[name] = agents.length; agents.push(name); }
    return agentIndex[name];
  }
  function offsetOf(at) { return Math.round((Number(at) - Number(meta.start)) * 1e6) / 1e3; }
  function cut(text) {
    var max = meta.bounds.maxBodyChars;
    return text !== null && text !== undefined && text.length > max ? text.slice(0, max) + '…[cut, ' + text.length + ' chars]' : text;
  }

  function apply(entry) {
    if (entry.kind === 'sent') {
      var row = { k: 'm', s: entry.seq, ts: entry.at, o: offsetOf(entry.at), f: agentOf(entry.from), t: agentOf(entry.to),
        c: entry.channel, g: entry.channelGiven, b: cut(entry.msg), bl: entry.msg.length, by: entry.bytes, ua: entry.userAgent,
        st: 'NOT_YET_DELIVERED', r: [], d: LIVE_NOTE };
      meta.totals.sent++;
      meta.totals.notYet++;
      meta.byStatus.NOT_YET_DELIVERED = (meta.byStatus.NOT_YET_DELIVERED || 0) + 1;
      byMessage[key(row.t, row.ts)] = row;
      insert(row);
    } else if (entry.kind === 'poll') {
      var agent = agentOf(entry.to);
      (entry.returned || []).forEach(function (ts) {
        var message = byMessage[key(agent, ts)];
        if (!message) { return; }
        message.r.push({ o: offsetOf(entry.at), ms: Math.round((Number(entry.at) - Number(ts)) * 1e6) / 1e3, c: entry.channel });
        setStatus(message, 'DELIVERED');
        message.d = message.r.length > 1 ? 'Delivered ' + message.r.length + ' times. ' + LIVE_NOTE : 'Delivered. ' + LIVE_NOTE;
      });
      rows = rows.filter(function (r) { return !(r.k === 'w' && r.a === agent && r.c === entry.channel); });
      insert({ k: 'p', s: entry.seq, o: offsetOf(entry.at), a: agent, c: entry.channel, rc: entry.readsChannel,
        n: (entry.returned || []).length, bl: entry.block, w: entry.waitedMillis, gone: entry.clientGone });
    } else if (entry.kind === 'evicted') {
      var gone = byMessage[key(agentOf(entry.to), entry.ts)];
      if (gone) { setStatus(gone, 'EVICTED'); gone.d = 'Evicted. ' + LIVE_NOTE; }
    } else if (entry.kind === 'droppedOnPurpose' || entry.kind === 'heldBack' || entry.kind === 'released' ||
        entry.kind === 'duplicated' || entry.kind === 'lostInRestart') {
      applyFault(entry);
    } else if (entry.kind === 'restarted') {
      meta.totals.restarts++;
      insert({ k: 'x', s: entry.seq, o: offsetOf(entry.at), q: entry.queues, n: entry.messagesLost, pc: entry.pollsCut,
        dm: entry.downForMillis });
    } else if (entry.kind === 'wire-fault') {
      meta.totals.wireFaults++;
      insert({ k: 'v', s: entry.seq, o: offsetOf(entry.at),
        a: entry.agent === null || entry.agent === undefined ? null : agentOf(entry.agent), rq: entry.request, fl: entry.fault });
    } else if (entry.kind === 'rejected') {
      meta.totals.rejected++;
      rejected.push({ o: offsetOf(entry.at), method: entry.method, endpoint: entry.endpoint, status: entry.status,
        error: entry.error, fields: entry.fields || {} });
    }
  }

  var FAULT_MARKS = { droppedOnPurpose: 'dropped', duplicated: 'duplicated', heldBack: 'heldBack', released: 'released',
    lostInRestart: 'lostInRestart' };
  function applyFault(entry) {
    var to = agentOf(entry.to);
    var message = byMessage[key(to, entry.ts)];
    if (!message) { return; }
    var other = entry.kind === 'duplicated' ? entry.copyTs : entry.kind === 'heldBack' ? entry.until :
      entry.kind === 'released' ? entry.queuedTs : entry.kind === 'lostInRestart' ? entry.ts : null;
    if (!message.fx || !message.fx.length) { meta.totals.faulted++; message.fx = []; }
    message.fx.push({ k: FAULT_MARKS[entry.kind], o: offsetOf(entry.at), ts: other });
    if (entry.kind === 'duplicated' || entry.kind === 'released') {
      // A poll returns the copy or the release under its own timestamp: it is still this message.
      byMessage[key(to, other)] = message;
    }
    if (entry.kind === 'duplicated') { meta.totals.duplicated++; }
    var status = { droppedOnPurpose: 'DROPPED_BY_FAULT', heldBack: 'HELD_BACK', released: 'NOT_YET_DELIVERED',
      lostInRestart: 'LOST_IN_RESTART' }[entry.kind];
    if (status && !message.r.length) {
      setStatus(message, status);
      message.d = styles[status].label + '. ' + LIVE_NOTE;
    }
  }

  function insert(row) {
    // Parked polls stay last: they are of now.
    var at = rows.length;
    while (at > 0 && rows[at - 1].k === 'w') { at--; }
    rows.splice(at, 0, row);
  }

  function follow(from, failures) {
    if (failures >= MAX_LIVE_FAILURES) {
      liveStatus.textContent = 'Live updates stopped after ' + failures + ' failed reads of the journal; reload to resume.';
      return;
    }
    var url = 'journal?from=' + from + '&block=true&max=1000&timeout=25';
    fetch(url, { cache: 'no-store', credentials: 'same-origin' }).then(function (response) {
      if (response.status === 401) {
        liveStatus.textContent = 'Live updates stopped: the bus wants its token (401), which a browser does not send by itself.';
        return null;
      }
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      return response.json();
    }).then(function (page) {
      if (page === null) { return; }
      var wasAtEnd = diagram.scrollTop + diagram.clientHeight >= diagram.scrollHeight - ROW;
      if (page.entries.length) {
        var agentsBefore = agents.length;
        page.entries.forEach(apply);
        if (agents.length !== agentsBefore) { layoutColumns(); }
        renderFilters();
        applyFilter();
        renderSummary();
        renderLegend();
        renderRejected();
        if (wasAtEnd) { diagram.scrollTop = diagram.scrollHeight; }
        render();
      }
      liveStatus.textContent = 'Live: following the journal (next entry #' + page.nextSeq + ').';
      app.setAttribute('data-next-seq', page.nextSeq);
      follow(page.nextSeq, 0);
    }).catch(function (error) {
      liveStatus.textContent = 'Live updates paused: ' + error.message + '; retrying.';
      window.setTimeout(function () { follow(from, failures + 1); }, 1000 * (failures + 1));
    });
  }

  // ---------------------------------------------------------------- first render
  renderSummary();
  renderLeftOut();
  renderLegend();
  renderFilters();
  layoutColumns();
  applyFilter();
  render();
  renderRejected();
  details.appendChild(el('p', { 'class': 'note' },
    'Click an arrow or a poll, or Tab to it and press Enter, to see it in full here.'));
  app.setAttribute('aria-busy', 'false');
  app.setAttribute('data-lifelines', agents.length);
  app.setAttribute('data-render-ms', Math.round(performance.now()));
  app.setAttribute('data-ready', 'true');
  if (meta.live && window.fetch && location.protocol.indexOf('http') === 0) {
    liveStatus.textContent = 'Live: following the journal.';
    follow(meta.live.from, 0);
  }
})();
