output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "availability_zones" {
  description = "Availability zones the subnets are spread over."
  value       = local.azs
}

output "public_subnet_ids" {
  description = "Public subnets (ALB, NAT gateways), one per zone."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets (ECS tasks), one per zone."
  value       = aws_subnet.private[*].id
}

output "data_subnet_ids" {
  description = "Isolated data subnets (RDS, ElastiCache), one per zone."
  value       = aws_subnet.data[*].id
}

output "nat_public_ips" {
  description = "Public addresses of the NAT gateways: the source IPs external APIs (Alpaca, PagerDuty, Slack) see; give them to allow-lists."
  value       = aws_eip.nat[*].public_ip
}
