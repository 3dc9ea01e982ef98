// A local stand-in for the Forest Admin server (https://api.forestadmin.com), answering the calls that
// @forestadmin/forestadmin-client makes at the agent's start and for its permissions, so that the agent runs
// with nothing leaving the machine. Every permission is granted to one admin user (id 1, role 1, rendering 1).
// usage: node forest-server-standin.js <port> <collection>[,<collection>...] <action>[,<action>...]
'use strict';
const http = require('http');

const [port, collectionList = 'Companies', actionList = 'Mark as Live'] = process.argv.slice(2);
const collections = collectionList.split(',');
const actions = actionList.split(',');

const everyone = true;
const environment = {
  collections: Object.fromEntries(collections.map(name => [name, {
    collection: {
      browseEnabled: everyone, readEnabled: everyone, editEnabled: everyone,
      addEnabled: everyone, deleteEnabled: everyone, exportEnabled: everyone,
    },
    actions: Object.fromEntries(actions.map(action => [action, {
      triggerEnabled: everyone, triggerConditions: [],
      approvalRequired: false, approvalRequiredConditions: [],
      userApprovalEnabled: everyone, userApprovalConditions: [], selfApprovalEnabled: everyone,
    }])),
  }])),
};
const users = [{
  id: 1, firstName: 'Ada', lastName: 'Admin', fullName: 'Ada Admin', email: 'admin@forest.demo',
  permissionLevel: 'admin', tags: {}, roleId: 1,
}];
const rendering = {
  team: { id: 1, name: 'Operations' },
  collections: Object.fromEntries(collections.map(name => [name, { scope: null, segments: [], liveQuerySegments: [] }])),
  stats: [],
};
let activity = 0;

const routes = {
  'POST /forest/apimaps/hashcheck': () => [200, { sendSchema: false }],
  'POST /forest/apimaps': () => [204, null],
  'GET /liana/v4/permissions/environment': () => [200, environment],
  'GET /liana/v4/permissions/users': () => [200, users],
  'GET /liana/v4/permissions/renderings/1': () => [200, rendering],
  'GET /liana/v1/ip-whitelist-rules': () => [200, { data: { type: 'ip-whitelist-rules', id: '1', attributes: { use_ip_whitelist: false, rules: [] } } }],
  'GET /liana/model-customizations': () => [200, []],
  'GET /liana/mcp-server-configs-with-details': () => [200, { configs: {} }],
  'POST /api/activity-logs-requests': () => [200, { data: { id: String(++activity), attributes: { index: 'bench' } } }],
};

http.createServer((request, response) => {
  let body = '';
  request.on('data', chunk => { body += chunk; });
  request.on('end', () => {
    const path = request.url.split('?')[0];
    const route = routes[`${request.method} ${path}`]
      ?? (request.method === 'PATCH' && path.startsWith('/api/activity-logs-requests/') ? () => [204, null] : null);
    const [status, answer] = route ? route(body) : [404, { errors: [{ detail: `stand-in: no ${request.method} ${path}` }] }];
    if (!route) console.error(`stand-in: unknown call ${request.method} ${request.url}`);
    response.writeHead(status, answer === null ? {} : { 'Content-Type': 'application/json' });
    response.end(answer === null ? undefined : JSON.stringify(answer));
  });
}).listen(Number(port), '127.0.0.1', () => console.log(`stand-in Forest server on 127.0.0.1:${port}`));
