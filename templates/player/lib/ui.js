/* coursepack player: wiring the page's buttons, links, keys and the menu to the Player. */
(function (C) {
  'use strict';

  var Player = C.Player;

  Player.prototype.bindUI = function () {
    var self = this;
    var prev = this.$('#nav-prev');
    var next = this.$('#nav-next');
    if (prev) prev.addEventListener('click', function () { self.step(-1); });
    if (next) next.addEventListener('click', function () { self.step(1); });

    var toggle = this.$('#menu-toggle');
    var menu = this.$('#menu');
    if (toggle && menu) {
      toggle.hidden = false;
      toggle.addEventListener('click', function () { self.setMenu(!menu.classList.contains('is-open')); });
      document.addEventListener('keydown', function (e) {
        if ((e.key === 'Escape' || e.key === 'Esc') && menu.classList.contains('is-open')) {
          self.setMenu(false);
          toggle.focus();
        }
      });
      document.addEventListener('click', function (e) {
        if (menu.classList.contains('is-open') && !menu.contains(e.target) && !toggle.contains(e.target)) {
          self.setMenu(false);
        }
      });
    }

    document.addEventListener('click', function (e) {
      var t = e.target;
      var link = t && t.closest ? t.closest('a[href^="#page-"]') : null;
      if (link) {
        var id = link.getAttribute('href').slice(6);
        if (self.pageIndex(id) >= 0) {
          e.preventDefault();
          self.setMenu(false);
          self.go(id, { focus: true });
        }
        return;
      }
      var btn = t && t.closest ? t.closest('button') : null;
      if (!btn || btn.disabled || btn.getAttribute('aria-disabled') === 'true') return;
      var action = btn.getAttribute('data-action');
      var move = btn.getAttribute('data-move');
      if (move) { self.onMove(btn, move); return; }
      switch (action) {
        case 'start': self.step(1); break;
        case 'check': self.onCheck(self.questionOf(btn)); break;
        case 'check-all': self.onCheckAll(btn.closest('section')); break;
        case 'start-attempt': self.startAttempt(); break;
        case 'retry': self.startAttempt(); break;
        case 'submit-attempt': self.submitAttempt(); break;
        case 'exit': self.finish(); break;
      }
    });

    var onEdit = function (e) {
      var Q = self.questionOf(e.target);
      if (Q) self.onEdit(Q);
    };
    document.addEventListener('change', onEdit);
    document.addEventListener('input', onEdit);
    // Enter in a fill-in or numeric answer checks it, like the button next to it.
    document.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter' || !e.target || !e.target.matches || !e.target.matches('input[data-answer]')) return;
      var Q = self.questionOf(e.target);
      var btn = Q ? Q.el.querySelector('button[data-action="check"]') : null;
      if (btn && !btn.disabled) {
        e.preventDefault();
        self.onCheck(Q);
      }
    });

    window.addEventListener('hashchange', function () {
      var i = self.fromHash();
      if (i >= 0 && self.pages[i].id !== self.current) self.go(self.pages[i].id, { focus: true });
    });
    var leave = function () { self.finish({ unloading: true }); };
    window.addEventListener('pagehide', leave);
    window.addEventListener('beforeunload', leave);
  };

  Player.prototype.setMenu = function (open) {
    var menu = this.$('#menu');
    var toggle = this.$('#menu-toggle');
    if (!menu || !toggle) return;
    var wasOpen = menu.classList.contains('is-open');
    menu.classList.toggle('is-open', open);
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) {
      var header = this.$('.topbar');
      var top = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
      menu.style.setProperty('--menu-top', Math.round(top) + 'px');
    }
    if (open && !wasOpen) {
      var cur = menu.querySelector('a[aria-current="page"]') || menu.querySelector('a');
      if (cur) cur.focus();
    }
  };
})(Coursepack);
