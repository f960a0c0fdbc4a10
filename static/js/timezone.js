// Fill the sign-up form's hidden time zone with the browser's own (IANA name).
// Without JavaScript the account starts on UTC and the profile page can change it.
(function () {
  var field = document.getElementById("id_timezone");
  if (!field || !window.Intl) return;
  var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (tz) field.value = tz;
})();
