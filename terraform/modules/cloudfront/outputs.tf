output "distribution_id" {
  description = "ID of the distribution (for cache invalidations after a frontend upload)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the distribution."
  value       = aws_cloudfront_distribution.this.arn
}

output "domain_name" {
  description = "CloudFront domain name (target of the frontend domain's alias record)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "hosted_zone_id" {
  description = "Route 53 zone of the CloudFront domain name (for alias records)."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}

output "web_acl_arn" {
  description = "ARN of the CloudFront WAF web ACL, or null without WAF."
  value       = one(aws_wafv2_web_acl.this[*].arn)
}
