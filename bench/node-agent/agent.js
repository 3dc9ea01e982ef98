// Forest Admin's Node.js agent (@forestadmin/agent) on the Live Demo's PostgreSQL tables (read by
// @forestadmin/datasource-sql), with the same "Mark as Live" action as the Live Demo: read the company, answer
// the error "The company was already live!" when it is live, else set it live.
// env: DATABASE_URL, PORT, FOREST_SERVER_URL (the stand-in), AUTH_SECRET, ENV_SECRET (64 hex), WORKERS (1 or 2),
// GENERATE_SCHEMA=1 to start once in development mode, which writes .forestadmin-schema.json (production needs it).
'use strict';
const cluster = require('cluster');
const { createAgent } = require('@forestadmin/agent');
const { createSqlDataSource } = require('@forestadmin/datasource-sql');

const workers = Number(process.env.WORKERS ?? '1');
if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
} else {
  const generate = process.env.GENERATE_SCHEMA === '1';
  process.env.NODE_ENV = generate ? 'development' : 'production';
  const agent = createAgent({
    authSecret: process.env.AUTH_SECRET,
    envSecret: process.env.ENV_SECRET,
    isProduction: !generate,
    forestServerUrl: process.env.FOREST_SERVER_URL,
    instantCacheRefresh: false,
    loggerLevel: 'Error',
    schemaPath: `${__dirname}/.forestadmin-schema.json`,
  });
  agent.addDataSource(createSqlDataSource(process.env.DATABASE_URL));
  agent.customizeCollection('Companies', companies => companies.addAction('Mark as Live', {
    scope: 'Single',
    execute: async (context, resultBuilder) => {
      const company = await context.getRecord(['Id', 'Status']);
      if (company.Status === 'live') return resultBuilder.error('The company was already live!');
      await context.collection.update(context.filter, { Status: 'live' });
      return resultBuilder.success('Company is now live!');
    },
  }));
  agent.mountOnStandaloneServer(Number(process.env.PORT), '127.0.0.1');
  agent.start().then(() => console.log(`agent (pid ${process.pid}) on 127.0.0.1:${process.env.PORT}`));
}
