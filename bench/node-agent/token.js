// Prints a token the agent accepts (its authSecret, HS256), for the stand-in's user 1.
'use strict';
const jwt = require('jsonwebtoken');

const user = { id: '1', email: 'admin@forest.demo', firstName: 'Ada', lastName: 'Admin', team: 'Operations', role: 'Admin', tags: {}, renderingId: '1', permissionLevel: 'admin' };
process.stdout.write(jwt.sign(user, process.env.AUTH_SECRET, { expiresIn: '2h' }));
