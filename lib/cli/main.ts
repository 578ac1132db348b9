#!/usr/bin/env node
import { Command } from 'commander';
import { runCli } from './run';

void runCli(process.argv, new Command());
