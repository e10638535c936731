/** Browser tests of the web page: real Chromium processes making real calls through Duet. */
package dev.duet.web;
