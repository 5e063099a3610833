# cp example.tfvars <account>.tfvars and set the values (README "Remote state").
aws_account_id    = "222222222222"
aws_region        = "us-east-1"
environments      = ["production"]
github_repository = "quantvision/quantvision"
