#!/usr/bin/env node
import '../dist/yikatong.js';
