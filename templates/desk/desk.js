// Progressive only: the desk works without it. The month picker goes on change, and a
// dismissal without a reason is stopped before it reaches the server (which refuses it too).
document.addEventListener("DOMContentLoaded", function () {
  var month = document.getElementById("month");
  if (month) {
    month.addEventListener("change", function () { month.form.submit(); });
  }
  document.querySelectorAll("form.decide").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      var reason = form.querySelector("input[name=reason]");
      if (e.submitter && e.submitter.value === "dismiss" && reason && !reason.value.trim()) {
        e.preventDefault();
        reason.placeholder = "排除必须填写理由";
        reason.focus();
      }
    });
  });
});
