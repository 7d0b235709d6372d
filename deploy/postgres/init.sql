-- One database per PostBridge process. The official postgres image runs this file once, on an
-- empty data directory (/docker-entrypoint-initdb.d), as POSTGRES_USER; that role owns the
-- databases and is the one the processes connect with, so their boot-time migrations may create
-- tables (PostgreSQL 15+ no longer grants CREATE on schema public to everyone).
-- Keep this list in step with deploy/network.json and deploy/docker-compose.yml.
CREATE DATABASE postbridge_broker;
CREATE DATABASE postbridge_ch;
CREATE DATABASE postbridge_de;
CREATE DATABASE postbridge_us;
CREATE DATABASE postbridge_jp;
