output "alb_arn" {
  description = "ARN of the ALB."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the ALB (CloudWatch dimension)."
  value       = aws_lb.this.arn_suffix
}

output "dns_name" {
  description = "DNS name of the ALB (target of the API domain's alias record)."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 zone of the ALB's DNS name (for alias records)."
  value       = aws_lb.this.zone_id
}

output "target_group_arn" {
  description = "Target group of the gateway service (available once the listener forwards to it: ECS refuses a target group without a load balancer)."
  value       = aws_lb_target_group.gateway.arn

  depends_on = [aws_lb_listener.https]
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the gateway target group (CloudWatch dimension)."
  value       = aws_lb_target_group.gateway.arn_suffix
}

output "request_count_resource_label" {
  description = "Resource label for ALBRequestCountPerTarget autoscaling."
  value       = "${aws_lb.this.arn_suffix}/${aws_lb_target_group.gateway.arn_suffix}"
}

output "https_listener_arn" {
  description = "ARN of the HTTPS listener."
  value       = aws_lb_listener.https.arn
}

output "web_acl_arn" {
  description = "ARN of the WAF web ACL, or null without WAF."
  value       = one(aws_wafv2_web_acl.this[*].arn)
}
