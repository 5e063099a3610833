// CloudFront Function (viewer request, cloudfront-js-2.0) on the frontend behaviour only:
// client-side routes such as /orders/42 have no file extension and get the SPA's index.html;
// files (/assets/app.3f2a.js) and / pass unchanged. /api/* never reaches this function.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var lastSegment = uri.substring(uri.lastIndexOf("/") + 1);
  if (uri !== "/" && lastSegment.indexOf(".") === -1) {
    request.uri = "/index.html";
  }
  return request;
}
